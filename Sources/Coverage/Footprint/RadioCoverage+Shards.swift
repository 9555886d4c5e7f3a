/// What `sim merge` needs to assemble footprints computed elsewhere (`sim run --shard`): a result from its parts and
/// a footprint model from the name it was written under.
extension RadioCoverage.Result {
    /// A result from footprints (in site order), their models and warnings, as ``RadioCoverage/footprints(sites:environments:settings:terrain:clutter:workers:)`` returns them.
    public init(merging footprints: [Footprint], models: [FootprintModel], warnings: [String]) {
        self.footprints = footprints; self.models = models; self.warnings = warnings
    }
}

extension FootprintModel {
    /// The model named by ``description``: "itm", "<model>+deygout" or a propagation model's own name
    /// (``PropagationModel/init(parsing:)``, corrections included).
    /// - Throws: `CoverageError.invalidInput` for a name that is none of these.
    public init(parsing name: String) throws {
        if name == "itm" { self = .itm; return }
        if name.hasSuffix("+deygout") { self = .deygoutCorrected(try PropagationModel(parsing: String(name.dropLast("+deygout".count)))); return }
        self = .flat(try PropagationModel(parsing: name))
    }
}
