using System.Buffers.Binary;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using ArSpine.App.Hosts.Desktop;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.Packaging;

/// <summary>The HoloLens package manifest: well-formed, for Windows Holographic, with the capabilities the app uses, and every image it names present at its declared size.</summary>
public sealed partial class PackageManifestTests
{
    private const string Foundation = "http://schemas.microsoft.com/appx/manifest/foundation/windows10";
    private const string Uap = "http://schemas.microsoft.com/appx/manifest/uap/windows10";
    private const string Uap2 = "http://schemas.microsoft.com/appx/manifest/uap/windows10/2";

    private static string ManifestPath => Path.Combine(SharedData.RepositoryRoot, "Package.appxmanifest");

    [Fact]
    public void Load_Manifest_IsWellFormedPackageForHoloLens2()
    {
        // XmlReader with default settings rejects anything that is not well-formed XML.
        using XmlReader reader = XmlReader.Create(ManifestPath);
        XDocument manifest = XDocument.Load(reader);

        XElement package = manifest.Root!;
        Assert.Equal(XName.Get("Package", Foundation), package.Name);
        XElement family = Assert.Single(package.Descendants(XName.Get("TargetDeviceFamily", Foundation)));
        Assert.Equal("Windows.Holographic", (string?)family.Attribute("Name"));
        Assert.Equal("arm64", (string?)package.Element(XName.Get("Identity", Foundation))!.Attribute("ProcessorArchitecture"));
    }

    [Theory]
    [InlineData(Foundation, "DeviceCapability", "webcam")]
    [InlineData(Foundation, "DeviceCapability", "gazeInput")]
    [InlineData(Uap2, "Capability", "spatialPerception")]
    [InlineData(Foundation, "Capability", "privateNetworkClientServer")]
    public void Capabilities_WhatTheAppUses_AreDeclared(string ns, string element, string name)
    {
        XElement capabilities = Capabilities();

        Assert.Single(capabilities.Elements(XName.Get(element, ns)), e => (string?)e.Attribute("Name") == name);
    }

    [Fact]
    public void Capabilities_Internet_AreNotDeclared()
    {
        string[] names = [.. Capabilities().Elements().Select(e => (string?)e.Attribute("Name") ?? "")];

        Assert.DoesNotContain("internetClient", names);
        Assert.DoesNotContain("internetClientServer", names);
        Assert.Equal(4, names.Length);
    }

    [Fact]
    public void Images_EveryOneNamed_ExistsAsPngOfItsDeclaredSize()
    {
        XDocument manifest = XDocument.Load(ManifestPath);
        List<(string What, string Path)> images = [];
        foreach (XElement element in manifest.Descendants())
        {
            if (element.Name == XName.Get("Logo", Foundation))
            {
                images.Add(("StoreLogo", element.Value.Trim()));
            }

            foreach (XAttribute attribute in element.Attributes())
            {
                if (attribute.Name.LocalName.EndsWith("Logo", StringComparison.Ordinal))
                {
                    images.Add((attribute.Name.LocalName, attribute.Value));
                }
                else if (element.Name == XName.Get("SplashScreen", Uap) && attribute.Name.LocalName == "Image")
                {
                    images.Add(("SplashScreen", attribute.Value));
                }
            }
        }

        Assert.Equal(5, images.Count);
        foreach ((string what, string relativePath) in images)
        {
            string path = Path.Combine(SharedData.RepositoryRoot, relativePath.Replace('\\', Path.DirectorySeparatorChar));
            Assert.True(File.Exists(path), $"{what}: expected the image '{relativePath}' the manifest names at {path}. Was missing.");
            (int width, int height) = PngSize(path);
            Assert.Equal((what, DeclaredSize(what)), (what, (width, height)));
        }
    }

    [Fact]
    public void DeclaredSize_ImageKinds_AreTheScale100Sizes()
    {
        Assert.Equal((150, 150), DeclaredSize("Square150x150Logo"));
        Assert.Equal((310, 150), DeclaredSize("Wide310x150Logo"));
        Assert.Equal((50, 50), DeclaredSize("StoreLogo"));
        Assert.Equal((620, 300), DeclaredSize("SplashScreen"));
    }

    private static XElement Capabilities() => XDocument.Load(ManifestPath).Root!.Element(XName.Get("Capabilities", Foundation))!;

    /// <summary>The pixel size an image of this kind must have at scale 100: the size in its name, or the store logo's and splash screen's fixed sizes.</summary>
    private static (int Width, int Height) DeclaredSize(string what)
    {
        Match sized = SizeInName().Match(what);
        if (sized.Success)
        {
            return (int.Parse(sized.Groups[1].Value), int.Parse(sized.Groups[2].Value));
        }

        return what switch
        {
            "StoreLogo" => (50, 50),
            "SplashScreen" => (620, 300),
            _ => throw new ArgumentException($"Expected a known image kind. Was '{what}'.", nameof(what)),
        };
    }

    /// <summary>Width and height from a PNG's IHDR chunk, after checking the signature, that IHDR comes first, and its CRC.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(signature), $"{path}: expected the PNG signature.");
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(29)), Crc32.Compute(bytes.AsSpan(12, 17)));
        return ((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20)));
    }

    [GeneratedRegex(@"(\d+)x(\d+)")]
    private static partial Regex SizeInName();
}
