using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("BnLive.Tests.TestFolders", "BnLive.Tests")]

namespace BnLive.Tests;

/// <summary>The folders a test made (Repo.TempDir: /tmp/bnlive-test-*) are deleted when it passes, and kept when it
/// fails, their paths added to its failure message. Without this a morning of test runs left 188 folders (56 MB).</summary>
/// <remarks>xUnit 2 tells a test's result only to its message bus, so this framework wraps the bus: the bus hears
/// each result on the test's own thread, after the test class is disposed (its window closed) and before the next
/// test starts. The tests run one at a time (AssemblyInfo.cs), so the folders made since the last result are the
/// current test's.</remarks>
public sealed class TestFolders(IMessageSink diagnostics) : XunitTestFramework(diagnostics)
{
    static readonly List<string> made = [];

    /// <summary>A new folder, the current test's.</summary>
    public static string Make()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bnlive-test-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        lock (made) made.Add(dir);
        return dir;
    }

    static List<string> Take()
    {
        lock (made)
        {
            var dirs = made.Where(Directory.Exists).ToList();
            made.Clear();
            return dirs;
        }
    }

    static IMessageSinkMessage OnResult(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestPassed or ITestSkipped:
                foreach (var dir in Take())
                    try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                return message;
            case ITestFailed f when Take() is { Count: > 0 } kept:
                var messages = f.Messages.ToArray();
                messages[0] += $"\n(test folders kept: {string.Join(", ", kept)})";
                return new TestFailed(f.Test, f.ExecutionTime, f.Output, f.ExceptionTypes, messages, f.StackTraces, f.ExceptionParentIndices);
            default:
                return message;
        }
    }

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    sealed class Executor(AssemblyName name, ISourceInformationProvider info, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(name, info, diagnostics)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink sink, ITestFrameworkExecutionOptions options)
        {
            using var runner = new Runner(TestAssembly, testCases, DiagnosticMessageSink, sink, options);
            await runner.RunAsync();
        }
    }

    sealed class Runner(ITestAssembly assembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics, IMessageSink sink,
        ITestFrameworkExecutionOptions options) : XunitTestAssemblyRunner(assembly, testCases, diagnostics, sink, options)
    {
        protected override IMessageBus CreateMessageBus() => new Bus(base.CreateMessageBus());
    }

    sealed class Bus(IMessageBus inner) : IMessageBus
    {
        public bool QueueMessage(IMessageSinkMessage message) => inner.QueueMessage(OnResult(message));
        public void Dispose() => inner.Dispose();
    }
}
