using System.CommandLine;
using System.Globalization;
using ArSpine.Imaging.Dicom.Series;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine series DIR</c>: lists the image series found in a folder, with their slice counts and descriptions.</summary>
internal static class SeriesCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "A folder to scan recursively (or one DICOM file)" };
        var command = new Command("series", "List the DICOM image series in a folder: key (SeriesInstanceUID), modality, slices, size, transfer syntaxes, description")
        {
            folder,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(folder)!;
            DicomScan scan = ConsoleProgress.Run("Scanning", p => DicomScan.Scan(path, p));
            foreach (string warning in scan.Warnings)
            {
                Console.Error.WriteLine($"arspine: warning: {warning}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scan.Series.Count} series in {scan.FilesSeen} file(s) under {Path.GetFullPath(path)}"));
            foreach (DicomSeriesGroup s in scan.Series)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Key}\t{(s.Modality.Length > 0 ? s.Modality : "-")}\t{s.FrameCount} slices\t{s.Columns}x{s.Rows}\t{string.Join(",", s.TransferSyntaxes)}\t{s.Description}"));
            }

            return 0;
        });
        return command;
    }
}
