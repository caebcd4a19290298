import ArgumentParser

/// The lines `doctor` prints, and whether any failed.
struct DoctorReport {
    private(set) var failures = 0

    mutating func ok(_ check: String, _ detail: String) {
        print("ok    \(check): \(detail)")
    }

    mutating func fail(_ check: String, _ detail: String, fix: String) {
        failures += 1
        print("FAIL  \(check): \(detail)")
        print("      fix: \(fix)")
    }

    /// Something to know that does not stop the daemon from working.
    func warn(_ check: String, _ detail: String, fix: String) {
        print("WARN  \(check): \(detail)")
        print("      fix: \(fix)")
    }

    func skip(_ check: String, _ detail: String) {
        print("--    \(check): \(detail)")
    }

    /// Prints the verdict; throws exit code 1 when anything failed.
    func finish() throws {
        if failures == 0 {
            print("doctor: everything checked is ok")
            return
        }
        print("doctor: \(failures) problem\(failures == 1 ? "" : "s") found")
        throw ExitCode(1)
    }
}
