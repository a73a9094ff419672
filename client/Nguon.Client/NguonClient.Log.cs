using Nguon.Model;

namespace Nguon.Client;

// The transparency log (public: no key needed).
public sealed partial class NguonClient
{
    public Task<LogCheckpoint> GetLogCheckpoint(CancellationToken ct = default)
        => Send<LogCheckpoint>(HttpMethod.Get, "api/log/checkpoint", null, ct);
    public Task<CheckpointPage> GetLogCheckpoints(int page = 0, CancellationToken ct = default)
        => Send<CheckpointPage>(HttpMethod.Get, $"api/log/checkpoints?page={page}", null, ct);
    public Task<LogCheckpoint> GetLogCheckpoint(long treeSize, CancellationToken ct = default)
        => Send<LogCheckpoint>(HttpMethod.Get, $"api/log/checkpoints/{treeSize}", null, ct);
    public Task<List<LogEntry>> GetLogLeaves(long start, int count, CancellationToken ct = default)
        => Send<List<LogEntry>>(HttpMethod.Get, $"api/log/leaves?start={start}&count={count}", null, ct);
    public Task<InclusionProof> GetInclusionProof(long index, long treeSize, CancellationToken ct = default)
        => Send<InclusionProof>(HttpMethod.Get, $"api/log/proofs/inclusion?index={index}&size={treeSize}", null, ct);
    public Task<ConsistencyProof> GetConsistencyProof(long first, long second, CancellationToken ct = default)
        => Send<ConsistencyProof>(HttpMethod.Get, $"api/log/proofs/consistency?first={first}&second={second}", null, ct);
}
