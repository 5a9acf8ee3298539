import Testing
import TikiJSON
import TikiSchema

@Suite struct ScalarValueTests {
    @Test func strictReadsOnlyEachTypesOwnJSONForm() {
        #expect(FieldType.int64.scalar(.int(7)) == .int64(7))
        #expect(FieldType.int64.scalar(.double(7)) == .int64(7), "an integral double is an integer")
        #expect(FieldType.int64.scalar(.double(7.5)) == nil)
        #expect(FieldType.int64.scalar(.string("7")) == nil, "numeric text is not a number in a batch")
        #expect(FieldType.int32.scalar(.int(Int64(Int32.max) + 1)) == nil)
        #expect(FieldType.double.scalar(.int(2)) == .double(2))
        #expect(FieldType.boolean.scalar(.int(1)) == nil)
        #expect(FieldType.string.scalar(.int(1)) == nil)
        #expect(FieldType.timestamp.scalar(.string("2026-11-27T01:02:03Z")) == .timestamp(1_795_741_323_000_000))
        #expect(FieldType.timestamp.scalar(.int(1_795_741_323)) == .timestamp(1_795_741_323_000_000), "epoch seconds")
        #expect(FieldType.list(.int64).scalar(.array([])) == nil, "lists are walked by the caller")
        #expect(FieldType.int64.scalar(.null) == nil)
    }

    @Test func lenientAlsoReadsTheAPIsDriftingForms() {
        #expect(FieldType.int64.scalar(.string(" 129000 "), reading: .lenient) == .int64(129_000))
        #expect(FieldType.double.scalar(.string("4.5"), reading: .lenient) == .double(4.5))
        #expect(FieldType.boolean.scalar(.int(0), reading: .lenient) == .boolean(false))
        #expect(FieldType.boolean.scalar(.int(2), reading: .lenient) == nil)
        #expect(FieldType.string.scalar(.int(42), reading: .lenient) == .string("42"))
        #expect(FieldType.string.scalar(.bool(true), reading: .lenient) == .string("true"))
        #expect(FieldType.string.scalar(.array([]), reading: .lenient) == nil)
        #expect(FieldType.int64.scalar(.string("12a"), reading: .lenient) == nil)
    }

    @Test func mismatchesSayWhatWasFound() {
        #expect(FieldType.int32.mismatch(.int(5_000_000_000)) == "5000000000 does not fit in int32")
        #expect(FieldType.int64.mismatch(.string("x")) == "expected int64, found string \"x\"")
        #expect(FieldType.timestamp.mismatch(.bool(true)).hasPrefix("expected an ISO-8601 timestamp"))
    }

    @Test func batchesWriteTimestampsAsISOText() {
        #expect(ScalarValue.timestamp(1_500_000).json == .string("1970-01-01T00:00:01.500000Z"))
        #expect(ScalarValue.int32(3).json == .int(3))
    }
}
