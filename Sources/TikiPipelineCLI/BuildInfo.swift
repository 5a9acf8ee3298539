/// The version written into logs, run reports and Parquet `created_by`.
enum BuildInfo {
    static let version = "0.1.0"
    /// Parquet readers parse `<app> version <semver> (build <id>)`; parquet-java ignores binary statistics otherwise.
    static let createdBy = "tiki-pipeline version \(version) (build swift-6)"
}
