using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Kyoten.Architecture.Tests;

/// <summary>
/// The dependency rules of shared/ARCHITECTURE.md, read from the compiled assemblies' metadata:
/// the protocol libraries stay free of I/O and frameworks, and the controller never reaches
/// into the IKE or ESP code.
/// </summary>
public sealed class ProjectDependencyTests
{
    private static readonly string[] ForbiddenForProtocolLibraries =
    [
        "System.Net.Sockets",
        "Microsoft.AspNetCore",
        "Microsoft.EntityFrameworkCore",
        "Grpc",
        "Google.Protobuf",
        "Npgsql",
        "Kyoten.Agent",
        "Kyoten.Controller",
        "Kyoten.Contracts",
    ];

    // Types that would give a pure protocol library I/O, threads or a wall clock of its own.
    private static readonly string[] ForbiddenTypes =
    [
        "System.Net.Sockets.Socket",
        "System.Net.Sockets.UdpClient",
        "System.Net.Sockets.TcpClient",
        "System.Threading.Thread",
        "System.Threading.Timer",
        "System.IO.File",
        "System.IO.FileStream",
    ];

    public static TheoryData<string> ProtocolLibraries => new() { "Kyoten.Ike", "Kyoten.Esp" };

    [Theory]
    [MemberData(nameof(ProtocolLibraries))]
    public void ProtocolLibrary_ReferencesNoSocketsFrameworksOrOtherKyotenParts(string assembly)
    {
        var references = ReferencedAssemblies(assembly);

        var offending = references.Where(r => ForbiddenForProtocolLibraries.Any(f => r == f || r.StartsWith(f + ".", StringComparison.Ordinal))).ToList();

        Assert.Empty(offending);
    }

    [Theory]
    [MemberData(nameof(ProtocolLibraries))]
    public void ProtocolLibrary_UsesNoSocketThreadTimerOrFileTypes(string assembly)
    {
        var offending = ReferencedTypes(assembly).Where(t => ForbiddenTypes.Contains(t)).ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void IkeAndEsp_DoNotReferenceEachOther()
    {
        Assert.DoesNotContain("Kyoten.Esp", ReferencedAssemblies("Kyoten.Ike"));
        Assert.DoesNotContain("Kyoten.Ike", ReferencedAssemblies("Kyoten.Esp"));
    }

    [Theory]
    [InlineData("Kyoten.Controller")]
    [InlineData("Kyoten.Controller.Data")]
    [InlineData("Kyoten.Migrations")]
    public void ControllerSide_DoesNotReferenceIkeEspOrAgent(string assembly)
    {
        var references = ReferencedAssemblies(assembly);

        Assert.DoesNotContain("Kyoten.Ike", references);
        Assert.DoesNotContain("Kyoten.Esp", references);
        Assert.DoesNotContain("kyoten-agent", references);
    }

    [Fact]
    public void ControllerData_ReferencesNoContractsOrController()
    {
        var references = ReferencedAssemblies("Kyoten.Controller.Data");

        Assert.DoesNotContain("Kyoten.Controller", references);
        Assert.DoesNotContain("Kyoten.Contracts", references);
    }

    [Fact]
    public void Contracts_ReferencesNoOtherKyotenProject()
    {
        Assert.DoesNotContain(ReferencedAssemblies("Kyoten.Contracts"), r => r.StartsWith("Kyoten.", StringComparison.Ordinal) || r == "kyoten-agent");
    }

    [Fact]
    public void TheRuleItself_DetectsAForbiddenReference()
    {
        // The controller legitimately uses ASP.NET Core; the same check must flag it, or the
        // protocol-library test above could never fail.
        var references = ReferencedAssemblies("Kyoten.Controller");

        Assert.Contains(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    private static List<string> ReferencedAssemblies(string assembly)
    {
        using var reader = Open(assembly, out var stream);
        using (stream)
        {
            var metadata = reader.GetMetadataReader();
            return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
        }
    }

    private static List<string> ReferencedTypes(string assembly)
    {
        using var reader = Open(assembly, out var stream);
        using (stream)
        {
            var metadata = reader.GetMetadataReader();
            return metadata.TypeReferences
                .Select(h => metadata.GetTypeReference(h))
                .Select(t => $"{metadata.GetString(t.Namespace)}.{metadata.GetString(t.Name)}")
                .ToList();
        }
    }

    private static PEReader Open(string assembly, out FileStream stream)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        Assert.True(File.Exists(path), $"{path} is missing: the test project must reference {assembly}");
        stream = File.OpenRead(path);
        return new PEReader(stream);
    }
}
