using Kyoten.Ike.Tasks;

namespace Kyoten.Ike.Sa;

// CHILD SA volume limits: the data path counts, the engine decides rekey or delete.
internal sealed partial class IkeSa
{
    public void OnChildUsage(ChildSa child, long bytes, long packets)
    {
        // Totals only grow; a late report with smaller numbers must not undo a reached limit.
        child.BytesUsed = Math.Max(child.BytesUsed, bytes);
        child.PacketsUsed = Math.Max(child.PacketsUsed, packets);
        if (child.State is ChildSaState.Deleting || child.DeleteQueued)
        {
            return;
        }

        if (Reached(child.BytesUsed, Peer.ChildLifetimeBytes) || Reached(child.PacketsUsed, Peer.ChildLifetimePackets))
        {
            // As for the time lifetime: the hard limit wins over a rekey still in progress.
            child.DeleteQueued = true;
            child.RekeyAt = DateTimeOffset.MaxValue;
            Tasks.Queue(new DeleteTask(child, "volume lifetime reached"));
            return;
        }

        if (!child.UsageRekeyQueued && child.State == ChildSaState.Installed
            && (Reached(child.BytesUsed, Peer.ChildRekeyBytes) || Reached(child.PacketsUsed, Peer.ChildRekeyPackets)))
        {
            child.UsageRekeyQueued = true;
            child.RekeyAt = DateTimeOffset.MaxValue;
            Tasks.Queue(new ChildRekeyTask(child));
        }
    }

    private static bool Reached(long used, long limit) => limit > 0 && used >= limit;
}
