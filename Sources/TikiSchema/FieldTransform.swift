import TikiJSON

/// A named transform applied to a source value during projection.
package enum FieldTransform: String, Sendable, Hashable, CaseIterable {
    /// HTML → normalized plain text.
    case htmlText = "html_text"
    /// HTML → the `src` URLs of its `<img>` tags, as a list of strings.
    case htmlImageURLs = "html_image_urls"
}
