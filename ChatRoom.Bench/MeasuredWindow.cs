using System.Diagnostics;
using ChatRoom.Bench.Load;
using ChatRoom.Bench.Monitoring;

namespace ChatRoom.Bench;

/// <summary>
/// The measured part of a load run, from the first measured send to the end of the drain: the
/// counters, CPU and allocations as it opens, and what changed by the time it closes.
/// </summary>
public sealed class MeasuredWindow : IDisposable
{
    private readonly ResourceMonitor _monitor;
    private readonly TimeSpan _generatorCpuBefore;
    private readonly long _allocatedBefore;
    private readonly AllocationSampler? _sampler;
    private readonly long _start;

    /// <summary>Opens the window now; <paramref name="allocTrace"/> samples the generator's allocations in it.</summary>
    public MeasuredWindow(RunContext run, ResourceMonitor monitor, bool allocTrace)
    {
        _monitor = monitor;
        (_, WarmupBefore, FramesBefore) = run.Stats.Totals();
        ServerBefore = monitor.Server();
        _generatorCpuBefore = ResourceMonitor.GeneratorCpu();
        _allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        _sampler = allocTrace ? new AllocationSampler() : null;
        if (_sampler is not null)
        {
            _sampler.Enabled = true;
        }

        _start = Stopwatch.GetTimestamp();
    }

    public long WarmupBefore { get; }

    public long FramesBefore { get; }

    public ProcessSample? ServerBefore { get; }

    public ProcessSample? ServerAfter { get; private set; }

    public double Seconds { get; private set; }

    public double GeneratorCpuSeconds { get; private set; }

    public long AllocatedBytes { get; private set; }

    public void Close()
    {
        Seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        ServerAfter = _monitor.Server();
        GeneratorCpuSeconds = (ResourceMonitor.GeneratorCpu() - _generatorCpuBefore).TotalSeconds;
        AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore;
        if (_sampler is not null)
        {
            _sampler.Enabled = false;
            foreach (var (type, bytes) in _sampler.Top(12))
            {
                Console.Error.WriteLine($"alloc-trace: {bytes,12:#,0} B sampled  {type}");
            }
        }
    }

    public void Dispose() => _sampler?.Dispose();
}
