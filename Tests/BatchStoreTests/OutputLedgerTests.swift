import Testing
import TikiJSON
@testable import BatchStore

@Suite struct OutputLedgerTests {
    @Test func ledgerPrefersRecordsThenNewerErrors() throws {
        let layout = OutputLayout(root: temporaryDirectory())
        try layout.createDirectories()
        try BatchFile.write([["id": 1], ["id": 2]], to: layout.path(.products, number: 1))
        try BatchFile.write([["id": 5]], to: layout.path(.retryProducts, number: 1))
        let old = ErrorEntry(id: 3, error: "server_error", status: 503, attempts: 4, message: "x")
        let superseded = ErrorEntry(id: 5, error: "timeout", status: nil, attempts: 4, message: "y")
        try BatchFile.write([old.json, superseded.json], to: layout.path(.errors, number: 1))
        let newer = ErrorEntry(id: 3, error: "not_found", status: 404, attempts: 1, message: "z")
        try BatchFile.write([newer.json], to: layout.path(.retryErrors, number: 1))

        let ledger = OutputLedger.load(layout)
        #expect(ledger.recordIDs == [1, 2, 5])
        #expect(ledger.errors.keys.sorted() == [3])
        #expect(ledger.errors[3]?.entry == newer)
        #expect(ledger.isSettled(3) && ledger.isSettled(1) && !ledger.isSettled(4))
        #expect(ledger.nextNumber[.products] == 2)
        #expect(ledger.nextNumber[.retryErrors] == 2)
    }
}
