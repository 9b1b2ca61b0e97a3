using BackorderDesk.Components;
using BackorderDesk.Domain;
using BackorderDesk.Features.Backorders;

namespace BackorderDesk.Tests.Components;

public sealed class EnumTextTests
{
    [Fact]
    public void Enum_values_read_as_words_with_only_the_first_capitalised()
    {
        Assert.Equal("Partially shipped", EnumText.Words(OrderStatus.PartiallyShipped));
        Assert.Equal("Key account", EnumText.Words(OrderPriority.KeyAccount));
        Assert.Equal("Ship complete", EnumText.Words(ShipPolicy.ShipComplete));
        Assert.Equal("Stop selling", EnumText.Words(SellingPolicy.StopSelling));
        Assert.Equal("Backorderable", EnumText.Words(SellingPolicy.Backorderable));
        Assert.Equal("Ready to ship", EnumText.Words(OrderStatus.ReadyToShip));
        Assert.Equal("Eta changed", EnumText.Words(TimelineKind.EtaChanged));
        Assert.Equal("A", EnumText.Words(AbcClass.A));
    }

    [Fact]
    public void Values_whose_names_are_abbreviations_are_worded_by_hand()
    {
        Assert.Equal("Consumer (DTC)", EnumText.Words(CustomerType.Dtc));
        Assert.Equal("Business (B2B)", EnumText.Words(CustomerType.B2b));
        Assert.Equal("Over 30 days", EnumText.Words(AgeBucket.OverMonth));
    }

    [Fact]
    public void A_missing_value_reads_as_the_given_placeholder()
    {
        Assert.Equal("Any", EnumText.Words((OrderPriority?)null, "Any"));
        Assert.Equal("Key account", EnumText.Words((OrderPriority?)OrderPriority.KeyAccount, "Any"));
        Assert.Equal("—", EnumText.Words((ShipPolicy?)null));
    }

    [Theory]
    [InlineData("PartiallyAllocated", "Partially allocated")]
    [InlineData("ABCRank", "ABC rank")]
    [InlineData("SkuId", "Sku id")]
    [InlineData("Held", "Held")]
    public void Pascal_case_splits_into_words_and_keeps_acronyms(string name, string words) =>
        Assert.Equal(words, EnumText.Split(name));

    [Fact]
    public void Lower_words_fit_inside_a_sentence()
    {
        Assert.Equal("key account", EnumText.LowerWords(OrderPriority.KeyAccount));
        Assert.Equal("ship partial", EnumText.LowerWords(ShipPolicy.ShipPartial));
    }
}
