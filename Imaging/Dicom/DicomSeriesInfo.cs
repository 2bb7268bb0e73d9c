namespace ArSpine.Imaging.Dicom;

/// <summary>
/// What a written DICOM series says about its patient, study and series. Text must fit its DICOM VR (ISO_IR 100, the VR's
/// maximum length). Empty strings and nulls are written as empty type 2 elements, never as invented values.
/// Patient identifiers go into the data set only, never into file names.
/// </summary>
public sealed record DicomSeriesInfo
{
    /// <summary>The seed every UID of the series is derived from (Study, Series, Frame of Reference, each SOP instance); the same seed gives the same UIDs.</summary>
    public required string UidSeed { get; init; }

    /// <summary>PatientName (0010,0010), PN, such as "Doe^Jane".</summary>
    public string PatientName { get; init; } = "";

    /// <summary>PatientID (0010,0020), LO.</summary>
    public string PatientId { get; init; } = "";

    /// <summary>PatientBirthDate (0010,0030); null writes an empty element.</summary>
    public DateOnly? PatientBirthDate { get; init; }

    /// <summary>PatientSex (0010,0040): "M", "F", "O" or empty.</summary>
    public string PatientSex { get; init; } = "";

    /// <summary>StudyDate and StudyTime (0008,0020/0030), also ContentDate/Time; null writes empty elements.</summary>
    public DateTime? StudyDateTime { get; init; }

    /// <summary>StudyDescription (0008,1030), LO.</summary>
    public string StudyDescription { get; init; } = "";

    /// <summary>SeriesDescription (0008,103E), LO.</summary>
    public string SeriesDescription { get; init; } = "";

    /// <summary>StudyID (0020,0010), SH.</summary>
    public string StudyId { get; init; } = "";

    /// <summary>AccessionNumber (0008,0050), SH.</summary>
    public string AccessionNumber { get; init; } = "";

    /// <summary>ReferringPhysicianName (0008,0090), PN.</summary>
    public string ReferringPhysicianName { get; init; } = "";

    /// <summary>SeriesNumber (0020,0011).</summary>
    public int SeriesNumber { get; init; } = 1;

    /// <summary>Manufacturer (0008,0070), LO.</summary>
    public string Manufacturer { get; init; } = "ArSpine";

    /// <summary>KVP (0018,0060), the peak tube voltage in kV; null writes an empty element.</summary>
    public double? KvpKv { get; init; }

    /// <summary>PatientPosition (0018,5100), such as "HFS"; empty when unknown (never guessed).</summary>
    public string PatientPosition { get; init; } = "";
}
