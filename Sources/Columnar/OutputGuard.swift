import Foundation

/// Checks, before a conversion reads anything, that its output can be written and is none of its inputs.
package enum OutputGuard {
    /// Throws when `destination` is an input file, lies inside an input folder, is a folder where a file is
    /// wanted (or the reverse), or sits in a folder that does not exist.
    package static func check(_ destination: ConvertDestination, inputs: [String]) throws(ConvertError) {
        let output: String
        switch destination {
        case .file(let path):
            output = path
            if isDirectory(path) {
                throw ConvertError(file: path, message: "is a folder, and the output asked for is one file", remedy: .fileWanted)
            }
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard isDirectory(parent) else { throw ConvertError(file: path, message: "the folder \(parent) does not exist") }
        case .directory(let path, _):
            output = path
            if FileManager.default.fileExists(atPath: path), !isDirectory(path) {
                throw ConvertError(file: path, message: "is a file, and the output asked for is a folder of part files", remedy: .folderWanted)
            }
        case .staged:
            // Nothing local to collide with: the factory's store checks its own names.
            return
        }
        let target = resolved(output)
        for input in inputs {
            let source = resolved(input)
            if target == source {
                throw ConvertError(file: output, message: "is also an input: the conversion would overwrite what it reads")
            }
            if isDirectory(input), target.hasPrefix(source.hasSuffix("/") ? source : source + "/") {
                throw ConvertError(file: output, message: "lies inside the input folder \(input): write it elsewhere")
            }
            if case .directory = destination, source.hasPrefix(target + "/") {
                throw ConvertError(file: output, message: "holds the input \(input): its part files would replace what is read")
            }
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// The absolute path with symbolic links and `..` resolved, as far as the path exists.
    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
