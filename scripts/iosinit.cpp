// Defines std::ios_base_library_init(), which libLibTorchSharp.so (built with GCC 13)
// asks for at GLIBCXX_3.4.32. Older libstdc++ (Debian 12: GCC 12) set up iostreams
// through ios_base::Init instead, so doing that here is the whole job.
#include <ios>

namespace std {
void ios_base_library_init() { static ios_base::Init init; }
}
