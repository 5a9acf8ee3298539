import BatchStore
import Foundation
import Testing
@testable import TikiIngest

@Suite struct ProductIDListTests {
    @Test func acceptsHeaderBOMCRLFBlankLinesAndSpaces() {
        let text = "\u{FEFF}id\r\n 101 \r\n\r\n102\n  \n103\r\n"
        let list = ProductIDList.parse(Array(text.utf8), path: "ids.csv")
        #expect(list.ids == [101, 102, 103])
        #expect(list.invalidLineCount == 0)
        #expect(list.duplicateCount == 0)
        #expect(list.skippedSummary == nil)
    }

    @Test func worksWithoutHeader() {
        #expect(ProductIDList.parse(Array("5\n6\n".utf8), path: "x").ids == [5, 6])
    }

    @Test func reportsNonNumericAndDuplicateLinesWithLineNumbers() {
        let text = "id\n7\nabc\n8\n7\n-3\n8\n9x\n9\n"
        let list = ProductIDList.parse(Array(text.utf8), path: "ids.csv")
        #expect(list.ids == [7, 8, 9])
        #expect(list.invalidLineCount == 3)
        #expect(list.firstInvalidLines == [3, 6, 8])
        #expect(list.duplicateCount == 2)
        #expect(list.firstDuplicateLines == [5, 7])
        #expect(list.skippedSummary?.hasPrefix(
            "ids.csv: 3 line(s) without a valid ID skipped (2 not a number, 1 not a positive ID; first at line 3, 6, 8)") == true)
    }

    @Test func namesWhyAnIDIsRejected() {
        let thirty = String(repeating: "9", count: 30)
        let list = ProductIDList.parse(Array("id\n0\n-5\n\(thirty)\n000000000000000000000042\n+7\n".utf8), path: "ids.csv")
        #expect(list.ids == [42, 7], "leading zeros and a plus sign are still an ID")
        #expect(list.rejections == ["not a positive ID": 2, "too many digits for an ID": 1])
        #expect(list.firstInvalidLines == [2, 3, 4])
    }

    @Test func quotedFieldsAreSplitAsCSV() {
        let list = ProductIDList.parse(Array("name,id\n\"y,z\",123\n\"a \"\"b\"\"\",\"456\"\n".utf8), path: "x")
        #expect(list.ids == [123, 456])
        #expect(list.invalidLineCount == 0)
        #expect(CSVLine.fields(ArraySlice("\"a \"\"b\"\"\",2".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["a \"b\"", "2"])
    }

    @Test func aMissingFileAndAFolderSayWhich() throws {
        let folder = NSTemporaryDirectory()
        #expect(throws: StorageError.self) { try ProductIDList.read(contentsOf: folder) }
        do { _ = try ProductIDList.read(contentsOf: folder) } catch { #expect(error.message.contains("it is a folder")) }
        do { _ = try ProductIDList.read(contentsOf: "/no/such/ids.csv") } catch { #expect(error.message.contains("no such file")) }
    }

    @Test func picksTheIDColumnOfAWiderCSV() {
        let list = ProductIDList.parse(Array("name,id\nfoo,11\nbar,12\n".utf8), path: "x")
        #expect(list.ids == [11, 12])
    }
}
