using BenchmarkDotNet.Running;
using ChatRoom.Bench.Micro;

// Pass BenchmarkDotNet's own switches through, e.g. `--filter * --job short` (docs/performance.md).
BenchmarkSwitcher.FromAssembly(typeof(EncodeBenchmarks).Assembly).Run(args);
