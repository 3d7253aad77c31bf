using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Api;

/// <summary>Builds a policy from input: every proposal parsed, timers consistent, weak flagged (and kept away from managed-only tunnels).</summary>
internal static class PolicyValidator
{
    public static async Task<(ValidationErrors Errors, CryptoPolicy Candidate)> ValidateAsync(KyotenDbContext db, PolicyInput input, CryptoPolicy? existing, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var defaults = DefaultPolicy.Create();
        var p = new CryptoPolicy { Id = existing?.Id ?? Guid.CreateVersion7(), Name = input.Name ?? "", IsDefault = existing?.IsDefault ?? false };
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 100)
        {
            errors.Add("name", ValidationText.Get("required, at most 100 characters"));
        }
        else if (await db.Policies.AnyAsync(x => x.Name == input.Name && (existing == null || x.Id != existing.Id), ct).ConfigureAwait(false))
        {
            errors.Add("name", ValidationText.Get("a policy named '{0}' already exists", input.Name));
        }

        p.IkeVersion = input.IkeVersion ?? 2;
        if (p.IkeVersion is not (1 or 2))
        {
            errors.Add("ikeVersion", ValidationText.Get("1 or 2"));
        }

        var protocol = IpsecProtocolKind.Esp;
        if (input.Protocol is not null && !EnumText.TryParse(input.Protocol, out protocol))
        {
            errors.Add("protocol", ValidationText.Get("one of: {0}", EnumText.Choices<IpsecProtocolKind>()));
        }

        p.Protocol = protocol;

        var mode = IpsecModeKind.Tunnel;
        if (input.Mode is not null && !EnumText.TryParse(input.Mode, out mode))
        {
            errors.Add("mode", ValidationText.Get("one of: {0}", EnumText.Choices<IpsecModeKind>()));
        }

        p.Mode = mode;
        var weak = false;
        p.IkeProposals = Proposals(input.IkeProposals, defaults.IkeProposals, "ikeProposals", ProposalKind.Ike, errors, ref weak);
        p.ChildProposals = Proposals(input.ChildProposals, protocol == IpsecProtocolKind.Ah ? ["sha256"] : defaults.ChildProposals,
            "childProposals", p.Protocol == IpsecProtocolKind.Ah ? ProposalKind.Ah : ProposalKind.Esp, errors, ref weak);
        p.PfsGroup = input.PfsGroup is null && input.ChildProposals is null ? defaults.PfsGroup : string.IsNullOrEmpty(input.PfsGroup) ? null : input.PfsGroup;
        if (p.PfsGroup is not null)
        {
            var check = ProposalParser.Check("aes256gcm16-" + p.PfsGroup, ProposalKind.Esp);
            if (!ProposalParser.IsKeyExchange(p.PfsGroup) || !check.IsValid)
            {
                errors.Add("pfsGroup", ValidationText.Get("a key exchange method such as x25519, ecp256 or modp3072, or empty for no PFS"));
            }

            weak |= check.IsWeak;
        }

        p.IkeLifetimeSeconds = Range(input.IkeLifetimeSeconds, defaults.IkeLifetimeSeconds, 300, 7 * 86400, "ikeLifetimeSeconds", errors);
        p.ChildLifetimeSeconds = Range(input.ChildLifetimeSeconds, defaults.ChildLifetimeSeconds, 60, 86400, "childLifetimeSeconds", errors);
        p.RekeyMarginSeconds = Range(input.RekeyMarginSeconds, defaults.RekeyMarginSeconds, 10, 86400, "rekeyMarginSeconds", errors);
        p.JitterSeconds = Range(input.JitterSeconds, defaults.JitterSeconds, 0, 86400, "jitterSeconds", errors);
        p.DpdIntervalSeconds = Range(input.DpdIntervalSeconds, defaults.DpdIntervalSeconds, 0, 3600, "dpdIntervalSeconds", errors);
        p.ReplayWindow = Range(input.ReplayWindow, defaults.ReplayWindow, 0, 65536, "replayWindow", errors);
        if (p.RekeyMarginSeconds + p.JitterSeconds >= Math.Min(p.IkeLifetimeSeconds, p.ChildLifetimeSeconds) / 2)
        {
            errors.Add("rekeyMarginSeconds", ValidationText.Get("rekey margin plus jitter must stay below half of the shortest lifetime"));
        }

        p.IsWeak = weak || p.IkeVersion == 1;
        if (p.IsWeak && existing is not null && !errors.Any)
        {
            await CheckWeakUseAsync(db, existing.Id, errors, ct).ConfigureAwait(false);
        }

        if (p.IsWeak && p.IsDefault)
        {
            errors.Add("ikeProposals", ValidationText.Get("the default policy must not be weak"));
        }

        return (errors, p);
    }

    private static async Task CheckWeakUseAsync(KyotenDbContext db, Guid id, ValidationErrors errors, CancellationToken ct)
    {
        var managed = await db.Sites.Where(s => s.PolicyId == id && s.Kind == SiteKind.Managed).Select(s => s.Name).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (managed is not null)
        {
            errors.Add("ikeProposals", ValidationText.Get("weak algorithms are allowed only toward external sites, and managed site '{0}' uses this policy", managed));
        }
    }

    private static List<string> Proposals(List<string?>? input, List<string> fallback, string field, ProposalKind kind, ValidationErrors errors, ref bool weak)
    {
        if (input is null)
        {
            return [.. fallback];
        }

        if (input.Count is 0 or > 16)
        {
            errors.Add(field, ValidationText.Get("1 to 16 proposals, strongest first"));
            return [];
        }

        for (var i = 0; i < input.Count; i++)
        {
            var check = ProposalParser.Check(input[i], kind);
            if (!check.IsValid)
            {
                errors.Add($"{field}[{i}]", ValidationText.Get(check.ErrorFormat!, check.ErrorArguments ?? []));
            }

            weak |= check.IsWeak;
        }

        return [.. input.Select(x => x ?? "")];
    }

    private static int Range(int? value, int fallback, int min, int max, string field, ValidationErrors errors)
    {
        var v = value ?? fallback;
        if (v < min || v > max)
        {
            errors.Add(field, ValidationText.Get("between {0} and {1}", min, max));
        }

        return v;
    }
}
