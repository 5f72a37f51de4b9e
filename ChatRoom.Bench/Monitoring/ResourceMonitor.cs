namespace ChatRoom.Bench.Monitoring;

/// <summary>
/// Samples the server process (when its pid is known) and this generator, so a reader can tell
/// whether the server or the generator was the bottleneck.
/// </summary>
public sealed class ResourceMonitor
{
    private readonly int? _serverPid;
    private readonly string _statPath;
    private readonly string _statusPath;
    private long _peakRssKb;

    public ResourceMonitor(int? serverPid)
    {
        _serverPid = serverPid;
        _statPath = $"/proc/{serverPid}/stat";
        _statusPath = $"/proc/{serverPid}/status";
    }

    public bool HasServer => _serverPid is not null;

    public long PeakRssKb => Volatile.Read(ref _peakRssKb);

    public ProcessSample? Server()
    {
        if (_serverPid is null)
        {
            return null;
        }

        var sample = ProcessSample.TryRead(_statPath, _statusPath);
        if (sample is not null && sample.RssKb > Volatile.Read(ref _peakRssKb))
        {
            Volatile.Write(ref _peakRssKb, sample.RssKb);
        }

        return sample;
    }

    public static TimeSpan GeneratorCpu() => Environment.CpuUsage.TotalTime;

    public static long GeneratorRssKb() => Environment.WorkingSet / 1024;
}
