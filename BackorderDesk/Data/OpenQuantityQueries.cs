using System.Linq.Expressions;
using System.Reflection;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BackorderDesk.Data;

/// <summary>
/// Lets queries say <c>l.OpenQty</c> and <c>l.WaitingQty</c> (order lines) and <c>p.OpenQty</c>
/// (purchase-order lines) anywhere, nested lambdas included: before EF translates a query, each such
/// property is replaced by its definition in the domain (<see cref="SalesOrderLine.OpenQtyDefinition"/>,
/// …), plain column arithmetic that SQLite and PostgreSQL both translate. No stored column, so no
/// migration, and no second copy of the formula.
/// </summary>
public sealed class OpenQuantityQueries : ExpressionVisitor, IQueryExpressionInterceptor
{
    public static readonly OpenQuantityQueries Instance = new();

    private static readonly Dictionary<MemberInfo, LambdaExpression> Definitions = new()
    {
        [typeof(SalesOrderLine).GetProperty(nameof(SalesOrderLine.OpenQty))!] = SalesOrderLine.OpenQtyDefinition,
        [typeof(SalesOrderLine).GetProperty(nameof(SalesOrderLine.WaitingQty))!] = SalesOrderLine.WaitingQtyDefinition,
        [typeof(PurchaseOrderLine).GetProperty(nameof(PurchaseOrderLine.OpenQty))!] = PurchaseOrderLine.OpenQtyDefinition,
    };

    private OpenQuantityQueries()
    {
    }

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData) => Visit(queryExpression);

    protected override Expression VisitMember(MemberExpression node)
    {
        if (node.Expression is { } target && Definitions.TryGetValue(node.Member, out var definition))
        {
            // Visited again: a definition may itself name another (waiting is open less allocated).
            return Visit(new Replace(definition.Parameters[0], target).Visit(definition.Body));
        }

        return base.VisitMember(node);
    }

    private sealed class Replace(ParameterExpression parameter, Expression with) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? with : node;
    }
}
