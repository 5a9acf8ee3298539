import SeededRandom
import Testing
@testable import TikiJSON

@Suite struct JSONSelectionTests {
    let text = #"{"skip":{"a":[1,{"b":"}]\"x"}],"c":"\\\""},"id":7,"images":[{"base_url":"u1","large":"x"},{"large":"y"}],"name":"n","tail":[true,false,null,-1.5e3]}"#

    @Test func buildsOnlyTheSelectedMembers() throws {
        let selection = JSONSelection.paths([["id"], ["images", "base_url"], ["name"]])
        let value = try JSONParser.parse(Array(text.utf8), selecting: selection)
        #expect(value == ["id": 7, "images": [["base_url": "u1"], [:]], "name": "n"])
    }

    @Test func wholeSubtreesWhenAPathEndsThere() throws {
        let value = try JSONParser.parse(Array(text.utf8), selecting: .paths([["skip"]]))
        #expect(value["skip"] == (try JSONParser.parse(text))["skip"])
        #expect(value.objectValue?.keys == ["skip"])
    }

    @Test func skippedPartsMustStillBeWellFormed() {
        for broken in [#"{"x":[1,2,"id":1}"#, #"{"x":"unterminated}"#, #"{"x":tru,"id":1}"#, #"{"x":{"a":1},"id":1"#] {
            #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(broken.utf8), selecting: .paths([["id"]])) }
        }
    }
}
