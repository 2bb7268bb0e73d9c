using System.Globalization;
using ArSpine.Bench;

// Side-by-side benchmarks: `dotnet run -c Release -- detection|icp`. Each prints medians and ratios; nothing is asserted.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string which = args.Length > 0 ? args[0] : "all";
if (which is "detection" or "all")
{
    DetectionBench.Run();
}

if (which is "icp" or "all")
{
    IcpBench.Run(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../icp_open3d.py")));
}
