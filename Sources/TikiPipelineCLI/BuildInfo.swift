/// The version written into logs, run reports and Parquet `created_by`.
enum BuildInfo {
    static let version = "0.1.0"
}
