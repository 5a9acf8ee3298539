/// Nothing: for a walk that only reports problems.
package struct NoValues: ConformingBuilder {
    package init() {}

    package func null() {}
    package func scalar(_ value: ScalarValue) {}
    package func list(_ elements: [Void]) {}
    package func group(_ members: [Void], of fields: [Field]) {}
}
