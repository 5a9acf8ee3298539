import Testing
@testable import ObjectStore

@Suite struct IniFileTests {
    @Test func iniParsing() {
        let ini = IniFile(parsing: "[a]\r\nk = v\r\n\n; c\n[b]\nK=two = parts\n  nested = ignored\nbroken line\n[unterminated\nx=y\n")
        #expect(ini["a", "k"] == "v")
        #expect(ini["b", "k"] == "two = parts")
        #expect(ini["b", "nested"] == nil)
        #expect(ini.sections["unterminated"] == nil)
        #expect(ini.sections.count == 2)
        #expect(IniFile(parsing: "").sections.isEmpty)
        #expect(IniFile(parsing: "k=v\n").sections.isEmpty)
    }
}
