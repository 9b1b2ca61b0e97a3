using BackorderDesk.Features.Exports;
using ClosedXML.Excel;

namespace BackorderDesk.Tests.Features.Exports;

public sealed class WorkbookWriterTests
{
    private static readonly ExportColumn[] Columns =
    [
        new("Text", CellKind.Text), new("Count", CellKind.Integer), new("Rate", CellKind.Percent), new("Day", CellKind.Date), new("Cost", CellKind.Money), new("Flag", CellKind.Flag),
    ];

    [Fact]
    public async Task Awkward_text_comes_back_as_written_and_formula_like_text_is_quoted()
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

        Assert.Equal(4, await WorkbookWriter.WriteAsync(output, WorkbookSheet.From("Data", Columns, rows), about, TestContext.Current.CancellationToken));

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
        // A CR is escaped: written bare, XML would read it back as a line feed.
        Assert.Equal("line\rbreak \U0001F4E6 ", ws.Cell(5, 1).GetString());
        Assert.Equal(1_000_000, ws.Cell(5, 2).GetDouble());
        ExportsApiTests.AssertFrozenAndFiltered(ws, "A1:F5");
        ExportsApiTests.AssertNoFormula(workbook);
        Assert.Equal(new DateTime(2026, 12, 1, 9, 30, 0), workbook.Worksheet("About").Cell(3, 2).GetDateTime());
        Assert.Equal(4, workbook.Worksheet("About").Cell(4, 2).GetDouble());
    }

    [Fact]
    public async Task Every_data_sheet_gets_its_own_frozen_filtered_header_and_the_about_sheet_counts_all_rows()
    {
        ExportColumn[] days = [new("Day", CellKind.Date), new("Orders", CellKind.Integer)];
        var output = new MemoryStream();
        var about = new ExportAbout("Two sheets", "ACME", new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc), [new("q", "=cmd")], [new("Orders", "Orders placed that day.")]);

        var written = await WorkbookWriter.WriteAsync(
            output,
            [
                WorkbookSheet.From("Summary", Columns, [["all", 3, 50m, new DateOnly(2026, 12, 1), 9.5m, false]]),
                WorkbookSheet.From("Daily", days, [[new DateOnly(2026, 11, 30), 1], [new DateOnly(2026, 12, 1), 2]]),
            ],
            about,
            TestContext.Current.CancellationToken);

        Assert.Equal(3, written);
        output.Position = 0;
        using var workbook = new XLWorkbook(output);
        Assert.Equal(["Summary", "Daily", "About"], workbook.Worksheets.Select(w => w.Name));
        ExportsApiTests.AssertFrozenAndFiltered(workbook.Worksheet("Summary"), "A1:F2");
        ExportsApiTests.AssertFrozenAndFiltered(workbook.Worksheet("Daily"), "A1:B3");
        Assert.Equal(new DateTime(2026, 12, 1), workbook.Worksheet("Daily").Cell(3, 1).GetDateTime());
        Assert.Equal("yyyy-mm-dd", ExportsApiTests.FormatOf(workbook.Worksheet("Daily").Cell(3, 1)));
        Assert.Equal(0.5, workbook.Worksheet("Summary").Cell(2, 3).GetDouble());
        Assert.Equal("ACME", ExportsApiTests.AboutValue(workbook, "Client"));
        Assert.Equal(3, workbook.Worksheet("About").Cell(4, 2).GetDouble());
        Assert.Equal("=cmd", ExportsApiTests.AboutValue(workbook, "Filter: q"));
        Assert.True(workbook.Worksheet("About").RowsUsed().First(r => r.Cell(1).GetString() == "Filter: q").Cell(2).Style.IncludeQuotePrefix);
        Assert.Equal("Orders placed that day.", ExportsApiTests.AboutValue(workbook, "Orders"));
        Assert.True(workbook.Worksheet("About").Cell(1, 1).Style.Font.Bold);
        ExportsApiTests.AssertNoFormula(workbook);
    }
}
