/// A monitor that could not start, naming the address.
package struct MonitorError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
