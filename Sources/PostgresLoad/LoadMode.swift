/// How a load treats the rows already in the table.
package enum LoadMode: String, Sendable, CaseIterable {
    /// Insert every row; a product already in the table fails the load (its primary key), which rolls back.
    case append
    /// Insert new products and update changed ones: loading the same input twice leaves the table as one load.
    case upsert
    /// Build a new table from the input and swap it in for the old one.
    case replace
}
