using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackorderDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NumberKey",
                table: "Orders",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SearchKey",
                table: "Customers",
                type: "TEXT",
                maxLength: 600,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_NumberKey",
                table: "Orders",
                column: "NumberKey");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_SearchKey",
                table: "Customers",
                column: "SearchKey");

            // SQLite: an FTS5 table with the trigram tokenizer over each order's folded number and its
            // customer's folded code, email and name (Features/Orders/OrderSearchIndex.cs), so that
            // "contains" is answered without reading every order. Contentless (the keys live in Orders and
            // Customers); triggers keep it equal to them on every insert, update and delete, whoever writes.
            // The keys of rows stored before this migration are filled at start-up and reach it through the
            // triggers. Other providers search the key columns with LIKE and need nothing here.
            if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
            {
                migrationBuilder.Sql("CREATE VIRTUAL TABLE OrderSearch USING fts5(Key, content='', contentless_delete=1, tokenize='trigram');");
                migrationBuilder.Sql(
                    """
                    CREATE TRIGGER OrderSearch_OrderInserted AFTER INSERT ON Orders BEGIN
                        INSERT INTO OrderSearch(rowid, Key) SELECT new.Id, new.NumberKey || char(31) || c.SearchKey FROM Customers AS c WHERE c.Id = new.CustomerId;
                    END;
                    """);
                migrationBuilder.Sql(
                    """
                    CREATE TRIGGER OrderSearch_OrderChanged AFTER UPDATE OF NumberKey, CustomerId ON Orders BEGIN
                        DELETE FROM OrderSearch WHERE rowid = old.Id;
                        INSERT INTO OrderSearch(rowid, Key) SELECT new.Id, new.NumberKey || char(31) || c.SearchKey FROM Customers AS c WHERE c.Id = new.CustomerId;
                    END;
                    """);
                migrationBuilder.Sql(
                    """
                    CREATE TRIGGER OrderSearch_OrderDeleted AFTER DELETE ON Orders BEGIN
                        DELETE FROM OrderSearch WHERE rowid = old.Id;
                    END;
                    """);
                migrationBuilder.Sql(
                    """
                    CREATE TRIGGER OrderSearch_CustomerChanged AFTER UPDATE OF SearchKey ON Customers BEGIN
                        DELETE FROM OrderSearch WHERE rowid IN (SELECT o.Id FROM Orders AS o WHERE o.CustomerId = new.Id);
                        INSERT INTO OrderSearch(rowid, Key) SELECT o.Id, o.NumberKey || char(31) || new.SearchKey FROM Orders AS o WHERE o.CustomerId = new.Id;
                    END;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
            {
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS OrderSearch_CustomerChanged;");
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS OrderSearch_OrderDeleted;");
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS OrderSearch_OrderChanged;");
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS OrderSearch_OrderInserted;");
                migrationBuilder.Sql("DROP TABLE IF EXISTS OrderSearch;");
            }

            migrationBuilder.DropIndex(
                name: "IX_Orders_NumberKey",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Customers_SearchKey",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "NumberKey",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "SearchKey",
                table: "Customers");
        }
    }
}
