import Foundation
import Testing

@testable import QDData

@Suite("RFC 4180 reader")
struct DelimitedTextTests {
    @Test func quotedFieldsWithDelimitersNewlinesAndQuotes() throws {
        let text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",3\n\n"
        let table = try DelimitedTextReader.parse(Data(text.utf8))
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows == [["1", "x, y", "say \"hi\""], ["2", "two\nlines", "3"]])
        #expect(table.lineNumbers == [2, 3])
    }

    @Test func byteOrderMarkAndSemicolons() throws {
        let table = try DelimitedTextReader.parse(Data([0xEF, 0xBB, 0xBF] + Array("x;y\n1;2".utf8)), delimiter: ";")
        #expect(table.header == ["x", "y"])
        #expect(table.rows == [["1", "2"]])
    }

    @Test(arguments: [
        ("a,b\n1,2,3\n", "line 2 has 3 cells"),
        ("a,b\n1,\"open\n", "never closed"),
        ("a,b\n1,\"x\"y\n", "after a closing quote"),
        ("a,b\n1,x\"y\n", "quote inside an unquoted field"),
        ("", "no rows"),
    ])
    func malformedTextIsRejectedWithTheReason(text: String, reason: String) {
        let error = #expect(throws: DataError.self) { try DelimitedTextReader.parse(Data(text.utf8)) }
        #expect(error?.kind == .malformedFile)
        #expect(error?.message.contains(reason) == true)
    }

    @Test func nonUTF8AndBinaryAreRejected() {
        // "temp_c\n2é0" in Latin-1: 0xE9 is not valid UTF-8.
        let latin1: [UInt8] = Array("t\n2".utf8) + [0xE9] + Array("0\n".utf8)
        let error = #expect(throws: DataError.self) { try DelimitedTextReader.parse(Data(latin1)) }
        #expect(error?.message.contains("offset 3") == true)
        // A ZIP/XLSX header carries NUL bytes.
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]
        let binary = #expect(throws: DataError.self) { try DelimitedTextReader.parse(Data(zip)) }
        #expect(binary?.message.contains("NUL") == true)
    }
}

@Suite("Unpivot")
struct UnpivotTests {
    @Test func wideColumnsBecomeRowsAndMissingCellsAreDropped() throws {
        let table = try DelimitedTextReader.parse(Data("t,A,B\n30,1,\n60,2,3\n".utf8))
        let long = try Importer.unpivot(table, Unpivot(columns: ["A", "B"], nameColumn: "run", valueColumn: "v"), missing: [""], fileName: "w.csv")
        #expect(long.header == ["t", "A", "B", "run", "v"])
        #expect(long.rows.map { [$0[0], $0[3], $0[4]] } == [["30", "A", "1"], ["60", "A", "2"], ["60", "B", "3"]])
        #expect(long.lineNumbers == [2, 3, 3])
        #expect(throws: DataError.self) {
            try Importer.unpivot(table, Unpivot(columns: ["C"], nameColumn: "run", valueColumn: "v"), missing: [""], fileName: "w.csv")
        }
    }
}
