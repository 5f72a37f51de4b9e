using System.Runtime.InteropServices;

namespace ChatRoom.Hosting.Limits;

/// <summary>
/// The process's open-file limit (RLIMIT_NOFILE), read from libc, with the soft limit raised to
/// the hard one first: the soft limit is often 1024 while the hard one allows far more, and every
/// connection is a descriptor.
/// </summary>
internal static partial class OpenFileLimit
{
    private const ulong Infinity = ulong.MaxValue;

    /// <summary>
    /// Raises the soft limit to the hard one where it can; returns the limit now in force, and the soft limit it found.
    /// </summary>
    /// <returns>Null where there is no such limit to read (Windows).</returns>
    public static (long Limit, long WasSoft)? Raise()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        var resource = OperatingSystem.IsLinux() ? 7 : 8; // RLIMIT_NOFILE on Linux; on macOS and the BSDs
        if (GetRLimit(resource, out var limit) != 0)
        {
            return null;
        }

        var wasSoft = Clamp(limit.Current);
        if (limit.Current < limit.Maximum)
        {
            // macOS refuses an unlimited soft limit (OPEN_MAX caps it); then the found one stays.
            var raised = limit with
            {
                Current = limit.Maximum == Infinity && OperatingSystem.IsMacOS() ? 10_240 : limit.Maximum,
            };
            if (SetRLimit(resource, in raised) == 0)
            {
                limit = raised;
            }
        }

        return (Clamp(limit.Current), wasSoft);
    }

    private static long Clamp(ulong value) => value > int.MaxValue ? int.MaxValue : (long)value;

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, in RLimit limit);

    /// <summary><c>struct rlimit</c>: two <c>rlim_t</c>, 64-bit on every 64-bit Linux and macOS.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct RLimit(ulong Current, ulong Maximum);
}
