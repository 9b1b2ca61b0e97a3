using BackorderDesk.Features.Exports;
using ClosedXML.Excel;

namespace BackorderDesk.Tests.Features.Exports;

public sealed class StreamingWorkbookTests
{
    private static readonly ExportColumn[] Columns =
    [
        new("Text", CellKind.Text), new("Count", CellKind.Integer), new("Rate", CellKind.Percent), new("Day", CellKind.Date), new("Cost", CellKind.Money), new("Flag", CellKind.Flag),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Awkward_text_comes_back_as_written_and_formula_like_text_is_quoted(bool openXmlWriter)
    {
        object?[][] rows =
        [
            ["a & b <c> \"d\"", -1234, 12.5m, new DateOnly(2026, 12, 3), 1234.5m, true],
            ["=SUM(A1:A2)", 0, null, null, null, false],
            ["\tTab first", 7, 100m, new DateOnly(2026, 1, 1), 0m, null],
            ["line\rbreak \U0001F4E6 ", 1_000_000, 0m, null, null, null],
        ];
        var output = new MemoryStream();
        var about = new ExportAbout("Test", null, new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc), [], []);

        Assert.Equal(4, await StreamingWorkbook.WriteAsync(output, "Data", Columns, rows.ToAsyncEnumerable(), about, TestContext.Current.CancellationToken, openXmlWriter));

        output.Position = 0;
        using var workbook = new XLWorkbook(output);
        var ws = workbook.Worksheet("Data");
        Assert.Equal("a & b <c> \"d\"", ws.Cell(2, 1).GetString());
        Assert.Equal(-1234, ws.Cell(2, 2).GetDouble());
        Assert.Equal(0.125, ws.Cell(2, 3).GetDouble());
        Assert.Equal("0.0%", ExportsApiTests.FormatOf(ws.Cell(2, 3)));
        Assert.Equal(new DateTime(2026, 12, 3), ws.Cell(2, 4).GetDateTime());
        Assert.Equal(1234.5, ws.Cell(2, 5).GetDouble());
        Assert.Equal("yes", ws.Cell(2, 6).GetString());
        Assert.Equal("=SUM(A1:A2)", ws.Cell(3, 1).GetString());
        Assert.Equal(XLDataType.Text, ws.Cell(3, 1).DataType);
        Assert.True(ws.Cell(3, 1).Style.IncludeQuotePrefix);
        Assert.False(ws.Cell(2, 1).Style.IncludeQuotePrefix);
        Assert.True(ws.Cell(3, 3).IsEmpty());
        Assert.Equal("\tTab first", ws.Cell(4, 1).GetString());
        Assert.True(ws.Cell(4, 1).Style.IncludeQuotePrefix);
        // The raw writer escapes CR; OpenXmlWriter (benchmark only) writes it bare, and XML reads it as LF.
        Assert.Equal(openXmlWriter ? "line\nbreak \U0001F4E6 " : "line\rbreak \U0001F4E6 ", ws.Cell(5, 1).GetString());
        Assert.Equal(1_000_000, ws.Cell(5, 2).GetDouble());
        ExportsApiTests.AssertFrozenAndFiltered(ws, "A1:F5");
        ExportsApiTests.AssertNoFormula(workbook);
        Assert.Equal(new DateTime(2026, 12, 1, 9, 30, 0), workbook.Worksheet("About").Cell(3, 2).GetDateTime());
        Assert.Equal(4, workbook.Worksheet("About").Cell(4, 2).GetDouble());
    }
}
