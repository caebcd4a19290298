import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML element with its attributes, child elements and text, small enough to query by
/// hand: the Query protocol's responses and errors are read through it.
///
/// Names are local names (any `prefix:` is dropped); `text` is the element's own character
/// data, concatenated.
public struct XMLTree: Sendable, Hashable {
    /// The local name of the element.
    public var name: String
    /// The attributes by name.
    public var attributes: [String: String]
    /// The child elements in document order.
    public var children: [XMLTree]
    /// The element's own character data (CDATA included), not trimmed.
    public var text: String

    /// Creates an element.
    public init(name: String, attributes: [String: String] = [:], children: [XMLTree] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// Parses a document and returns its root element.
    /// - Throws: ``XMLTree/ParseError`` when the data is not well-formed XML.
    public static func parse(_ data: Data) throws -> XMLTree {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let parsed = parser.parse()
        guard parsed, let root = builder.root else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            throw ParseError(line: parser.lineNumber, column: parser.columnNumber, reason: reason)
        }
        return root
    }

    /// The text with leading and trailing white space removed.
    public var trimmedText: String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first child element called `name`.
    public func child(_ name: String) -> XMLTree? {
        children.first { $0.name == name }
    }

    /// Every child element called `name`, in order.
    public func children(_ name: String) -> [XMLTree] {
        children.filter { $0.name == name }
    }

    /// The element reached by following child names, e.g. `element("Credentials", "AccessKeyId")`.
    public func element(_ path: String...) -> XMLTree? {
        element(path: path)
    }

    /// The element reached by following child names.
    public func element(path: [String]) -> XMLTree? {
        var current = self
        for name in path {
            guard let next = current.child(name) else { return nil }
            current = next
        }
        return current
    }

    /// The trimmed text of the element at `path`, or `nil` when there is no such element.
    public func text(_ path: String...) -> String? {
        element(path: path)?.trimmedText
    }

    /// The first element called `name` at any depth below this one, depth first.
    public func firstDescendant(_ name: String) -> XMLTree? {
        for child in children {
            if child.name == name { return child }
            if let found = child.firstDescendant(name) { return found }
        }
        return nil
    }

    /// Why a document could not be parsed, and where.
    public struct ParseError: Error, Hashable, CustomStringConvertible {
        /// 1-based line of the error.
        public let line: Int
        /// 1-based column of the error.
        public let column: Int
        /// What the parser reported.
        public let reason: String

        public var description: String { "malformed XML at line \(line), column \(column): \(reason)" }
    }
}

/// Builds an ``XMLTree`` from XMLParser's callbacks; used on one thread, during one parse.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLTree] = []
    private(set) var root: XMLTree?

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        stack.append(XMLTree(name: Self.localName(elementName), attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let finished = stack.popLast() else { return }
        if stack.isEmpty {
            root = finished
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }

    private static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}
