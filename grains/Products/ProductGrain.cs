using Nguon.Domain;
using Nguon.Domain.Products;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Products;

public sealed class ProductState
{
    public Product? Product { get; set; }
}

/// <summary>One GTIN's product master data (keyed by the GTIN-14), registered by its brand owner.</summary>
[GrainType("product")]
public sealed class ProductGrain(
    [PersistentState("product", Storage.Name)] IPersistentState<ProductState> state,
    IGrainFactory grains,
    TimeProvider clock) : RecordGrain(state), IProductGrain
{
    public async Task<Outcome<Product>> Register(RegisterProduct command, Actor actor)
    {
        var gtin = this.GetPrimaryKeyString();
        var prefixTask = Gtin.IsValid(gtin)
            ? grains.GetGrain<ICompanyPrefixGrain>(Gtin.PrefixGroup(gtin)).ForGtin(gtin)
            : Task.FromResult<CompanyPrefix?>(null);
        var giTask = command.GiNumber is { } gi && Ids.IsValid(gi)
            ? grains.GetGrain<ICertificateGrain>(gi).Get()
            : Task.FromResult<Certificate?>(null);
        await Task.WhenAll(prefixTask, giTask);
        var decided = ProductDecisions.Register(state.State.Product, gtin, command, prefixTask.Result, giTask.Result, actor,
            clock.GetUtcNow());
        if (decided.IsOk && decided.Value != state.State.Product)
        {
            state.State.Product = decided.Value;
            await state.WriteStateAsync();
        }
        return decided;
    }

    public Task<Product?> Get() => Task.FromResult(state.State.Product);
}
