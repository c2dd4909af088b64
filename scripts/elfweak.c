/* elfweak FILE VERSION: marks the version need VERSION (e.g. GLIBCXX_3.4.32) as weak
 * (VER_FLG_WEAK in .gnu.version_r), so the dynamic loader accepts a libstdc++ without it.
 * Prints "patched", "already weak" or "absent"; exits 1 on a file it cannot read. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: elfweak FILE VERSION\n"); return 2; }
    FILE *f = fopen(argv[1], "r+b");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    unsigned char *buf = malloc(size);
    rewind(f);
    if (!buf || fread(buf, 1, size, f) != (size_t)size) { fprintf(stderr, "%s: cannot read\n", argv[1]); return 1; }
    Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64) {
        fprintf(stderr, "%s: not a 64-bit ELF file\n", argv[1]); return 1;
    }
    Elf64_Shdr *sh = (Elf64_Shdr *)(buf + eh->e_shoff);
    const char *result = "absent";
    for (int i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_GNU_verneed) continue;
        const char *strtab = (const char *)(buf + sh[sh[i].sh_link].sh_offset);
        Elf64_Verneed *vn = (Elf64_Verneed *)(buf + sh[i].sh_offset);
        for (;;) {
            Elf64_Vernaux *va = (Elf64_Vernaux *)((unsigned char *)vn + vn->vn_aux);
            for (int j = 0; j < vn->vn_cnt; j++) {
                if (strcmp(strtab + va->vna_name, argv[2]) == 0) {
                    if (va->vna_flags & VER_FLG_WEAK) result = "already weak";
                    else { va->vna_flags |= VER_FLG_WEAK; result = "patched"; }
                }
                va = (Elf64_Vernaux *)((unsigned char *)va + va->vna_next);
            }
            if (vn->vn_next == 0) break;
            vn = (Elf64_Verneed *)((unsigned char *)vn + vn->vn_next);
        }
    }
    if (strcmp(result, "patched") == 0) {
        rewind(f);
        if (fwrite(buf, 1, size, f) != (size_t)size) { fprintf(stderr, "%s: cannot write\n", argv[1]); return 1; }
    }
    fclose(f);
    puts(result);
    return 0;
}
