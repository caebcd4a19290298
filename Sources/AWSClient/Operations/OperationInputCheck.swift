/// Checks an operation's input before it is sent. AWS rejects these inputs with a
/// `ValidationException`, but moto accepts some of them (a desired count above the maximum,
/// a minimum above the maximum), so the client refuses them itself and tests see what AWS does.
struct OperationInputCheck: Sendable {
    let service: AWSService
    let operation: String

    init(_ service: AWSService, _ operation: String) {
        self.service = service
        self.operation = operation
    }

    /// The error for an input that may not be sent.
    func failure(_ detail: String) -> AWSClientError {
        AWSClientError.invalidInput(service: service.serviceID, operation: operation, detail: detail)
    }

    /// `value` is absent, 0 or more.
    func nonNegative(_ value: Int?, _ name: String) throws {
        if let value, value < 0 {
            throw failure("\(name) is \(value); it must be 0 or more")
        }
    }

    /// `value` has at least one character.
    func notEmpty(_ value: String, _ name: String) throws {
        if value.isEmpty {
            throw failure("\(name) is empty")
        }
    }

    /// `lower` ≤ `upper` when both are given.
    func ordered(_ lower: Int?, _ lowerName: String, _ upper: Int?, _ upperName: String) throws {
        if let lower, let upper, lower > upper {
            throw failure("\(lowerName) \(lower) is above \(upperName) \(upper)")
        }
    }
}
