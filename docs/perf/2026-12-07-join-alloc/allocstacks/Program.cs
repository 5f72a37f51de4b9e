using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var filter = args.Length > 1 ? args[1] : null;
var bySite = new Dictionary<string, long>();
long total = 0;
foreach (var e in log.Events)
{
    if (e is not GCAllocationTickTraceData t) continue;
    if (filter != null && !t.TypeName.Contains(filter)) continue;
    total += t.AllocationAmount64;
    var frames = new List<string>();
    for (var cs = e.CallStack(); cs != null && frames.Count < 8; cs = cs.Caller)
    {
        var m = cs.CodeAddress.FullMethodName;
        if (string.IsNullOrEmpty(m)) m = cs.CodeAddress.ModuleName + "!?";
        if (m.StartsWith("System.Runtime.CompilerServices") || m.Contains("AsyncMethodBuilder") ) continue;
        frames.Add(m.Length > 110 ? m[..110] : m);
    }
    var key = t.TypeName + "\n      " + string.Join("\n      ", frames);
    bySite[key] = bySite.GetValueOrDefault(key) + t.AllocationAmount64;
}
Console.WriteLine($"total {total/1e6:F1} MB");
foreach (var (k, v) in bySite.OrderByDescending(p => p.Value).Take(int.Parse(args.Length > 2 ? args[2] : "25")))
    Console.WriteLine($"{v/1e6,8:F1} MB {100.0*v/total,5:F1}%  {k}");
