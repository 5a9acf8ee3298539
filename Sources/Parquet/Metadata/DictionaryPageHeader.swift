struct DictionaryPageHeader {
    var numValues: Int32
    var encoding: Encoding
}
