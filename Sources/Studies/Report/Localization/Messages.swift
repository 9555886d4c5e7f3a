import Coverage
import Foundation

/// The key of every piece of text the HTML reports show: headings, labels, table heads, legend
/// entries, units, captions and notes. A key's text in each language is in ``Messages``; the two
/// tables are exhaustive `switch`es over this enum, so a key without a Vietnamese or an English text
/// does not compile.
///
/// Texts are templates: `{0}`, `{1}` … stand for the arguments (numbers already formatted, names,
/// file names), in any order the language needs. Both languages use the same placeholders
/// (ReportTests checks it).
package enum Message: String, CaseIterable, Sendable {
    // Page and header
    case runTitle, runHeading, runSubtitle, districtCount
    // Headline cards
    case cardPopulation, cardPopulationCoverage, cardAreaCoverage, cardSites, cardHouseholdsReach, cardPlanCost, cardTargetsMet
    // "What these figures rest on"
    case basisTitle, basisReal, basisSynthetic, basisUser, basisLimits, basisItem, basisSourceFile
    case roleBoundaries, roleCensus, rolePlaces, roleRoads, roleSites, roleCells, roleCables, roleOLTs
    case rolePopulationPoints, rolePopulationSurface, roleCosts, roleTargets, roleCandidateSites, roleCandidateRoutes, roleBudgets, roleDEM
    case originSynthetic, originAssumed, originUser, originScenario
    case sourceBoundaries2019, sourceBoundariesNational2019, sourceCensus2019, sourceCensusNational2019, sourceGeoNames, sourceRoads
    case populationSynthesised
    case limitFlatEarth, limitTerrain, limitDisk, limitClutter, limitCalibration
    case limitCalibrated
    case envUrban, envSuburban, envRural, envOpen, envForest, envGroup, envGroupRest, envGroupAll, envShare
    case limitClutterDensity, limitClutterNoLandCover, limitClutterRaster
    // Map, legend, parameters
    case predictionHeading, predictionRSRP, predictionSINR, predictionNote, predictionNoSignal, predictionPeople
    case mapHeading, mapAria, districtTooltip, oltTooltip, planTooltip, northLetter
    case toggleCoverage, toggleReach, toggleNetwork, toggleSites, togglePlan
    case legendHeading, legendShade, legendCoverage, legendReach, legendCableServed, legendCableBeyond, legendOLT
    case legendSite, legendOtherSite, legendPlanYear, legendNewSite, legendUpgrade, legendNewRoute, legendUndergrounding
    case paramsHeading, paramScenarioFile, paramCRS, paramRadioModel, paramDisk, paramRadioModels, paramThreshold, paramThresholdValue
    case paramMaxRadius, paramPopulation, paramPopulationPoints, paramPopulationSynthesised, paramFixed, paramFixedValue
    case paramPlanner, paramCarryOver, paramBudgets, paramCostsTargets, paramsNote
    // District table
    case districtsHeading, colDistrict, colID, colPopulation, colArea, colPopPct, colAreaPct
    case colHouseholds, colFBBPct, colCableAerial, colCableUnderground
    // Targets and the plan
    case targetsHeading, targetsNote, targetsMetricsNote, metricDefinition, rowProvince, rowTargetsMet, met, gap
    case metricShortLTE, metricShortFBB, metricShortUnderground
    case metricTitleLTE, metricTitleFBB, metricTitleUnderground
    case unitPeople, unitHouseholds, unitKm
    case yearsHeading, colYear, colAvailable, colSpent, colCarried, colPicks, colTargetsMet, colProvinceMetric, yearsNote
    case costHeading, costNote, costSeries, costXLabel, costYLabel
    case picksHeading, colRank, colKind, colCostMillions, colNewPeople, colNewHouseholds, colKm, colCostPerPerson, colCumulative
    case picksTruncated, picksNone
    case kindUpgrade, kindNewSite, kindCableRoute, kindUndergrounding
    case openHeading, openAllMet, colMetric, colTarget, colPlanned, colGap, colNextStep, nextNone, nextStep
    // Warnings and footer
    case warningsHeading, warningsNone, warningsNote, footerWritten, footerFigures, footerMap, listAnd
    // Money and number words
    case moneyBillions, moneyMillions, moneyUnits, tickThousands, tickMillions, tickBillions
    // Sweep comparison page
    case sweepTitle, sweepHeading, sweepSubtitle, sweepRuns, sweepRunsOne, sweepAxesCount, sweepAxesCountOne, sweepFigures, sweepFiguresOne
    case sweepAxes, sweepNothing, sweepAcross, sweepLinePer, sweepLeftOut, sweepLeftOutOne, sweepAllRuns, sweepFooter
    case sweepColRun, sweepColStatus, sweepColMessage, sweepColSeconds, sweepStatusOK, sweepStatusFailed
    case sweepColLTEPop, sweepColLTEArea, sweepColFBB, sweepColPlanCost, sweepColPlanTargetsMet
    case sweepColPlanTargets, sweepColPlanLTE, sweepColPlanFBB, sweepColPlanUnderground, sweepColPlanSpent, sweepColPlanYearTargetsMet, sweepColPlanYearTargets
    case sweepPlanHeading, sweepPlanYears, sweepPlanLastYear, sweepBaselineHeading, sweepSeriesYear
    case sweepChartPlanLTE, sweepChartPlanFBB, sweepChartPlanUnderground, sweepChartPlanSpent, sweepAxisVND, sweepByDistrict, sweepByDistrictNote, sweepColDistrict
    // Map layers added by issue 16 (coverage after each plan year, roads, towns, footprints) and the spend table
    case toggleCoverageAfter, toggleRoads, toggleTowns, legendShadeBars, legendCoverageAfter, legendRoad, legendTown, legendFootprint
    case spendHeading, spendNote, colTotal, rowTotal, rowOutsideDistricts
    case colBinding, bindBudget, bindMethod, bindMaxNewSites, bindSpacing, bindCandidateSites, bindMaxRoutes, bindMinHouseholds
    case bindReach, bindNone, adaptiveNote, moneyLeftNote

    /// The name of an environment class.
    static func environment(_ e: Environment) -> Message {
        switch e {
        case .urban: return .envUrban
        case .suburban: return .envSuburban
        case .rural: return .envRural
        case .open: return .envOpen
        case .forest: return .envForest
        }
    }
}

/// The reports' message catalogue: the text of every ``Message`` in Vietnamese and English, and
/// the number formats of each language. Report code asks it for every word and every number it
/// shows; nothing the reader sees is spelled anywhere else.
///
/// Vietnamese wording follows the province's planning documents: "Vùng phủ sóng 4G", "Tỷ lệ dân số
/// được phủ sóng", "Băng rộng cố định", "Ngầm hóa cáp", "Huyện/Thị xã/Thành phố", "chỉ tiêu" (a
/// quantified target, as in a plan's "chỉ tiêu phát triển"), "Đạt / Chưa đạt", money in "tỷ đồng".
///
/// Numbers (``decimal(_:_:)``): Vietnamese writes a decimal comma and groups thousands with a dot
/// (TCVN 7870 / ISO 80000-1 allow the comma; the dot grouping is common Vietnamese usage), e.g.
/// `1.234.567,9`, `89,8 %`, `27.331 hộ`; English writes `1,234,567.9`, `89.8 %`. Money in running
/// text is "41,8 tỷ đồng" / "VND 41.8 bn" and "245,4 triệu đồng" / "VND 245.4 million" (``money(_:)``).
package struct Messages: Sendable {
    /// The language of every text and number this catalogue gives.
    package let language: ReportLanguage

    /// The catalogue of `language`.
    package init(_ language: ReportLanguage) { self.language = language }

    // MARK: texts

    /// The template of `key` in this language (placeholders `{0}`, `{1}` … left in).
    package func template(_ key: Message) -> String {
        switch language {
        case .vi: return Messages.vi(key)
        case .en: return Messages.en(key)
        }
    }

    /// Plain text: the template of `key` with `{i}` replaced by `args[i]` (escape the result for HTML).
    package func text(_ key: Message, _ args: String...) -> String { Messages.fill(template(key), args, escape: false) }

    /// HTML: the template of `key` escaped, with `{i}` replaced by `args[i]` verbatim — the
    /// arguments are HTML already (escape names and file names before passing them).
    package func html(_ key: Message, _ args: String...) -> String { Messages.fill(template(key), args, escape: true) }

    /// `one` when n is 1, else `other` (English plurals; Vietnamese nouns have none and give the same text).
    package func plural(_ n: Int, one: Message, other: Message) -> String { text(n == 1 ? one : other, integer(Int64(n))) }

    /// Substitutes `{i}` placeholders (i = 0…9); a placeholder without an argument is left as written.
    static func fill(_ template: String, _ args: [String], escape: Bool) -> String {
        var out = "", literal = ""
        var i = template.startIndex
        while i < template.endIndex {
            let c = template[i]
            if c == "{", let close = template[i...].firstIndex(of: "}"),
               let n = Int(template[template.index(after: i)..<close]), n >= 0, n < args.count {
                out += escape ? HTML.escape(literal) : literal
                literal = ""
                out += args[n]
                i = template.index(after: close)
                continue
            }
            literal.append(c)
            i = template.index(after: i)
        }
        return out + (escape ? HTML.escape(literal) : literal)
    }

    /// The placeholders a template uses, e.g. `["{0}", "{1}"]`.
    static func placeholders(_ template: String) -> Set<String> {
        let re = try! NSRegularExpression(pattern: "\\{[0-9]\\}")
        let ns = template as NSString
        return Set(re.matches(in: template, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) })
    }

    // MARK: numbers

    /// The decimal separator: "," in Vietnamese, "." in English.
    package var decimalSeparator: String { language == .vi ? "," : "." }
    /// The thousands separator: "." in Vietnamese, "," in English.
    package var groupSeparator: String { language == .vi ? "." : "," }

    /// `x` with exactly `decimals` decimals and grouped thousands, e.g. 1234567.89 with 1 decimal →
    /// "1.234.567,9" (vi) / "1,234,567.9" (en); "-0,0" is written "0,0"; "–" when `x` is not finite.
    /// Rounding is `printf`'s (round half to even on the binary value), the same on every machine.
    package func decimal(_ x: Double, _ decimals: Int) -> String {
        let plain = HTML.fixed(x, decimals)               // "-1234567.9", locale-free
        guard x.isFinite else { return plain }
        let negative = plain.hasPrefix("-")
        let body = negative ? plain.dropFirst() : plain[...]
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let int = grouped(String(parts[0]))
        return (negative ? "-" : "") + int + (parts.count > 1 ? decimalSeparator + parts[1] : "")
    }

    /// Digits with `groupSeparator` every three from the right ("1234567" → "1.234.567").
    func grouped(_ digits: String) -> String {
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += groupSeparator }
            out.append(ch)
        }
        return out
    }

    /// An integer, grouped: 27331 → "27.331" (vi) / "27,331" (en).
    package func integer(_ n: Int64) -> String { (n < 0 ? "-" : "") + grouped(String(n.magnitude)) }

    /// A count rounded to a whole number (half away from zero), grouped; "–" when not finite.
    package func count(_ x: Double) -> String { x.isFinite ? integer(Int64(x.rounded())) : "–" }

    /// A percentage, one decimal by default, with a space before the sign (ISO 80000-1, as the
    /// Vietnamese standard writes it): "89,8 %" / "89.8 %".
    package func percent(_ x: Double, decimals: Int = 1) -> String { decimal(x, decimals) + " %" }

    /// `x` with at most `decimals` decimals, trailing zeros (and a bare separator) dropped: 15.0 → "15", 41.80 → "41,8".
    package func trimmed(_ x: Double, _ decimals: Int) -> String {
        var s = decimal(x, decimals)
        guard decimals > 0, s.contains(decimalSeparator) else { return s }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(decimalSeparator) { s.removeLast(decimalSeparator.count) }
        return s
    }

    /// Money as a planner writes it in running text: billions with up to two decimals from 1 bn up
    /// ("41,8 tỷ đồng" / "VND 41.8 bn"), millions with up to one decimal from 1 m up ("245,4 triệu
    /// đồng" / "VND 245.4 million"), else whole đồng ("500.000 đồng" / "VND 500,000").
    package func money(_ vnd: Int64) -> String {
        let v = Double(vnd)
        if abs(v) >= 1e9 { return text(.moneyBillions, trimmed(v / 1e9, 2)) }
        if abs(v) >= 1e6 { return text(.moneyMillions, trimmed(v / 1e6, 1)) }
        return text(.moneyUnits, integer(vnd))
    }

    /// Billions of VND as a table number (the column head names the unit), e.g. 15_000_000_000 → "15,00".
    package func billions(_ vnd: Int64, decimals: Int = 2) -> String { decimal(Double(vnd) / 1e9, decimals) }

    /// Millions of VND as a table number with one decimal, e.g. 1_250_000_000 → "1.250,0".
    package func millions(_ vnd: Int64) -> String { decimal(Double(vnd) / 1e6, 1) }

    /// A number written by another program in plain C notation ("80.64", "-110", "41800000000")
    /// in this language, keeping its decimals ("80,64", "-110", "41.800.000.000"); text that is not
    /// such a number is returned as it is.
    package func relocalized(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.range(of: "^-?[0-9]+(\\.[0-9]+)?$", options: .regularExpression) != nil, let x = Double(t) else { return s }
        let decimals = t.firstIndex(of: ".").map { t.distance(from: $0, to: t.endIndex) - 1 } ?? 0
        return decimals == 0 && t.count > 15 ? s : decimal(x, decimals)   // beyond 15 digits a Double is not exact
    }

    // MARK: the tables

    /// Vietnamese.
    static func vi(_ key: Message) -> String {
        switch key {
        case .runTitle: return "{0} — báo cáo vùng phủ sóng và hạ tầng mạng"
        case .runHeading: return "Báo cáo vùng phủ sóng và hạ tầng mạng"
        case .runSubtitle: return "{0} · kịch bản {1} · {2} · {3}"
        case .districtCount: return "{0} đơn vị hành chính cấp huyện"

        case .cardPopulation: return "dân số (cộng theo ô lưới)"
        case .cardPopulationCoverage: return "tỷ lệ dân số được phủ sóng {0}"
        case .cardAreaCoverage: return "tỷ lệ diện tích được phủ sóng {0}"
        case .cardSites: return "trạm có vùng phủ / tổng số trạm"
        case .cardHouseholdsReach: return "hộ gia đình trong tầm phục vụ cáp quang"
        case .cardPlanCost: return "chi phí kế hoạch, {0} hạng mục"
        case .cardTargetsMet: return "chỉ tiêu đạt năm {0}"

        case .basisTitle: return "Số liệu dựa trên gì"
        case .basisReal: return "Dữ liệu thực"
        case .basisSynthetic: return "Mô phỏng hoặc giả định"
        case .basisUser: return "Do người dùng cung cấp"
        case .basisLimits: return "Giới hạn của mô hình"
        case .basisItem: return "{0}: {1}"
        case .basisSourceFile: return "{0} ({1})"
        case .roleBoundaries: return "Ranh giới huyện"
        case .roleCensus: return "Dân số huyện"
        case .rolePlaces: return "Thị trấn, điểm dân cư"
        case .roleRoads: return "Đường giao thông"
        case .roleSites: return "Trạm BTS hiện có"
        case .roleCells: return "Danh sách cell"
        case .roleCables: return "Mạng cáp quang hiện có"
        case .roleOLTs: return "Thiết bị OLT"
        case .rolePopulationPoints: return "Điểm dân số"
        case .rolePopulationSurface: return "Phân bố dân cư trong huyện"
        case .roleCosts: return "Đơn giá đầu tư"
        case .roleTargets: return "Chỉ tiêu"
        case .roleCandidateSites: return "Vị trí trạm đề xuất"
        case .roleCandidateRoutes: return "Tuyến cáp đề xuất"
        case .roleBudgets: return "Ngân sách theo năm"
        case .roleDEM: return "Mô hình số độ cao (DEM)"
        case .originSynthetic: return "mô phỏng (tệp ghi SYNTHETIC), không phải dữ liệu của nhà mạng"
        case .originAssumed: return "giả định (tệp ghi ASSUMPTION)"
        case .originUser: return "do người dùng cung cấp"
        case .originScenario: return "do kịch bản đặt, không phải ngân sách được duyệt"
        case .sourceBoundaries2019: return "bản đồ hành chính năm 2019 của Chính phủ (gis.chinhphu.vn, qua dvhcvn)"
        case .sourceBoundariesNational2019: return "bản đồ hành chính năm 2019 của Chính phủ, 692 huyện (gis.chinhphu.vn, qua dvhcvn; thiếu Quảng Ninh)"
        case .sourceCensus2019: return "Tổng điều tra dân số và nhà ở 2019 (Tổng cục Thống kê)"
        case .sourceCensusNational2019: return "Tổng điều tra dân số và nhà ở 2019 (Tổng cục Thống kê), 686/692 huyện"
        case .sourceGeoNames: return "GeoNames (CC BY 4.0)"
        case .sourceRoads: return "quốc lộ và đường sắt, LegoCity / CTU-SematX (CC BY-SA 4.0), độ chi tiết thấp"
        case .populationSynthesised: return "dân số huyện phân bổ lên lưới {0} m theo trọng số giả định (gần đường, thị trấn)"
        case .limitFlatEarth: return "Địa hình: không tính (coi mặt đất phẳng, không có DEM)"
        case .limitTerrain: return "Địa hình: có tính, DEM {0}, mô hình {1}"
        case .limitDisk: return "Vùng phủ: hình tròn bán kính {0} m quanh mỗi trạm (nghiên cứu nhanh, không tính quỹ đường truyền)"
        case .limitClutter: return "Lớp phủ bề mặt (clutter): không có; mỗi huyện một loại môi trường: {0}"
        case .limitCalibration: return "Hiệu chỉnh mô hình bằng số liệu đo kiểm thực tế (drive test): chưa"
        case .limitCalibrated: return "Hiệu chỉnh mô hình bằng số liệu đo kiểm thực tế (drive test): có — RMSE {0} dB trên {1} ô đo ({2}); độ lệch chuẩn còn lại {3} dB"
        case .envUrban: return "đô thị"
        case .envSuburban: return "ven đô"
        case .envRural: return "nông thôn"
        case .envOpen: return "đất trống, ruộng"
        case .envForest: return "rừng"
        case .envShare: return "{0} {1} diện tích"
        case .limitClutterDensity: return "Môi trường tại từng nơi theo mật độ dân số (đô thị ≥ {0} người/km², ven đô ≥ {1}, còn lại nông thôn)"
        case .limitClutterNoLandCover: return "; không có bản đồ lớp phủ nên chưa phân biệt ruộng với rừng"
        case .limitClutterRaster: return "Lớp phủ bề mặt: {0} ({1} lớp)"
        case .envGroup: return "{0} — {1}"
        case .envGroupRest: return "{0} — {1} đơn vị còn lại"
        case .envGroupAll: return "{0} — cả {1} đơn vị"

        case .predictionHeading: return "Dự báo tín hiệu: RSRP và SINR"
        case .predictionRSRP: return "RSRP của cell phục vụ tốt nhất (dBm)"
        case .predictionSINR: return "SINR đường xuống (dB)"
        case .predictionNote: return "Lưới {0} m, {1} × {2} điểm ảnh (ảnh thu nhỏ); mặt đất phẳng, trung vị, môi trường tại từng điểm ảnh như vùng phủ; tải {3}. Tệp đầy đủ: prediction_*.tif (mở bằng QGIS cùng tệp .qml)."
        case .predictionNoSignal: return "không có tín hiệu"
        case .predictionPeople: return "Dân số có RSRP ≥ {0} dBm: {1}; có SINR ≥ {2} dB: {3}."
        case .mapHeading: return "Bản đồ"
        case .mapAria: return "Bản đồ các huyện, thị xã, thành phố"
        case .districtTooltip: return "{0}: tỷ lệ dân số được phủ sóng {1} {2}"
        case .oltTooltip: return "OLT {0}"
        case .planTooltip: return "#{0} năm {1} · {2} {3} · {4}"
        case .northLetter: return "B"
        case .toggleCoverage: return "vùng phủ sóng {0}"
        case .toggleReach: return "tầm phục vụ cáp quang"
        case .toggleNetwork: return "cáp quang và OLT"
        case .toggleSites: return "trạm hiện có"
        case .togglePlan: return "kế hoạch"
        case .legendHeading: return "Chú giải"
        case .legendShade: return "Màu nền huyện: tỷ lệ dân số được phủ sóng {0}"
        case .legendCoverage: return "vùng phủ sóng {0} (tín hiệu ≥ {1} dBm)"
        case .legendReach: return "tầm phục vụ cáp quang (cáp thuê bao ≤ {0} m)"
        case .legendCableServed: return "cáp quang trong tầm OLT"
        case .legendCableBeyond: return "cáp quang ngoài tầm OLT"
        case .legendOLT: return "OLT"
        case .legendSite: return "trạm {0}"
        case .legendOtherSite: return "trạm khác (không phải {0})"
        case .legendPlanYear: return "kế hoạch năm {0}"
        case .legendNewSite: return "trạm mới"
        case .legendUpgrade: return "nâng cấp lên {0}"
        case .legendNewRoute: return "tuyến cáp quang mới"
        case .legendUndergrounding: return "ngầm hóa cáp"
        case .paramsHeading: return "Thông số chính"
        case .paramScenarioFile: return "Tệp kịch bản"
        case .paramCRS: return "Hệ tọa độ"
        case .paramRadioModel: return "Mô hình truyền sóng"
        case .paramDisk: return "hình tròn, bán kính {0} m (nghiên cứu nhanh)"
        case .paramRadioModels: return "Mô hình truyền sóng (số trạm)"
        case .paramThreshold: return "Ngưỡng thu"
        case .paramThresholdValue: return "{0} dBm, xác suất phủ ở biên cell {1} %, σ {2} dB"
        case .paramMaxRadius: return "Bán kính tối đa"
        case .paramPopulation: return "Dân số"
        case .paramPopulationPoints: return "điểm dân số từ {0}"
        case .paramPopulationSynthesised: return "phân bổ mô phỏng, ô lưới {0} m"
        case .paramFixed: return "Băng rộng cố định"
        case .paramFixedValue: return "cáp thuê bao ≤ {0} m, tầm OLT mặc định {1} km"
        case .paramPlanner: return "Phương pháp lập kế hoạch"
        case .paramCarryOver: return "{0}, vốn chưa dùng chuyển sang năm sau"
        case .paramBudgets: return "Ngân sách"
        case .paramCostsTargets: return "Đơn giá, chỉ tiêu"
        case .paramsNote: return "Toàn bộ thông số đã dùng có trong mục \"parameters\" của summary.json."

        case .districtsHeading: return "Số liệu theo huyện, thị xã, thành phố"
        case .colDistrict: return "Huyện/Thị xã/Thành phố"
        case .colID: return "Mã"
        case .colPopulation: return "Dân số"
        case .colArea: return "Diện tích (km²)"
        case .colPopPct: return "Dân số được phủ sóng {0} (%)"
        case .colAreaPct: return "Diện tích được phủ sóng {0} (%)"
        case .colHouseholds: return "Số hộ"
        case .colFBBPct: return "Hộ trong tầm cáp quang (%)"
        case .colCableAerial: return "Cáp treo (km)"
        case .colCableUnderground: return "Cáp ngầm (km)"

        case .targetsHeading: return "Chỉ tiêu: kết quả kế hoạch so với chỉ tiêu theo huyện và năm"
        case .targetsNote: return "Mỗi ô: tỷ lệ (%) đạt được sau các hạng mục của năm / chỉ tiêu (%). ✓ đạt, ✗ chưa đạt (tô đỏ)."
        case .targetsMetricsNote: return "Chỉ số: {0}."
        case .metricDefinition: return "{0} = {1}"
        case .rowProvince: return "Toàn tỉnh"
        case .rowTargetsMet: return "Số chỉ tiêu đạt"
        case .met: return "Đạt"
        case .gap: return "Chưa đạt"
        case .metricShortLTE: return "Phủ sóng 4G"
        case .metricShortFBB: return "BRCĐ"
        case .metricShortUnderground: return "Ngầm hóa"
        case .metricTitleLTE: return "Tỷ lệ dân số được phủ sóng 4G"
        case .metricTitleFBB: return "Tỷ lệ hộ trong tầm băng rộng cố định (cáp quang)"
        case .metricTitleUnderground: return "Tỷ lệ cáp quang được ngầm hóa"
        case .unitPeople: return "người"
        case .unitHouseholds: return "hộ"
        case .unitKm: return "km"
        case .yearsHeading: return "Kế hoạch theo năm"
        case .colYear: return "Năm"
        case .colAvailable: return "Vốn khả dụng"
        case .colSpent: return "Đã chi"
        case .colCarried: return "Chuyển sang năm sau"
        case .colPicks: return "Số hạng mục"
        case .colTargetsMet: return "Chỉ tiêu đạt"
        case .colProvinceMetric: return "Toàn tỉnh: {0} (%)"
        case .yearsNote: return "Đơn vị tiền: tỷ đồng. Vốn khả dụng = ngân sách của năm cộng vốn chuyển từ năm trước."
        case .costHeading: return "Chi phí để đạt chỉ tiêu"
        case .costNote: return "Mỗi hạng mục, theo thứ tự trong kế hoạch, nâng chỉ số toàn tỉnh; đường nét đứt đánh dấu cuối mỗi năm ngân sách."
        case .costSeries: return "toàn tỉnh (%)"
        case .costXLabel: return "chi phí lũy kế (tỷ đồng)"
        case .costYLabel: return "toàn tỉnh (%)"
        case .picksHeading: return "Các hạng mục đầu tư"
        case .colRank: return "TT"
        case .colKind: return "Loại"
        case .colCostMillions: return "Chi phí (triệu đồng)"
        case .colNewPeople: return "Dân số được phủ thêm"
        case .colNewHouseholds: return "Hộ được phục vụ thêm"
        case .colKm: return "km"
        case .colCostPerPerson: return "Đồng/người"
        case .colCumulative: return "Lũy kế (tỷ đồng)"
        case .picksTruncated: return "{0} hạng mục đầu tiên trong tổng số {1}; danh sách đầy đủ trong plan.csv."
        case .picksNone: return "Kế hoạch không chọn hạng mục nào."
        case .kindUpgrade: return "nâng cấp 4G"
        case .kindNewSite: return "trạm mới"
        case .kindCableRoute: return "tuyến cáp mới"
        case .kindUndergrounding: return "ngầm hóa cáp"
        case .openHeading: return "Chỉ tiêu chưa đạt sau năm {0}"
        case .openAllMet: return "Tất cả chỉ tiêu đều đạt."
        case .colMetric: return "Chỉ số"
        case .colTarget: return "Chỉ tiêu (%)"
        case .colPlanned: return "Kế hoạch (%)"
        case .colGap: return "Còn thiếu"
        case .colNextStep: return "Bước tiếp theo rẻ nhất"
        case .nextNone: return "chưa có: không phương án nào cải thiện; cần bổ sung phương án gần vùng còn thiếu"
        case .nextStep: return "{0} {1}, {2}, thêm {3} {4}"

        case .warningsHeading: return "Cảnh báo"
        case .warningsNone: return "Không có."
        case .warningsNote: return "Nội dung cảnh báo giữ nguyên văn (tiếng Anh) như trong summary.json."
        case .footerWritten: return "Tạo bởi sim {0} (GEOS {1}, PROJ {2})."
        case .footerFigures: return "Số liệu là của {0} trong cùng thư mục;"
        case .footerMap: return "các lớp bản đồ là các tệp GeoJSON, được đơn giản hóa để hiển thị (Douglas–Peucker, 0,6 px)."
        case .listAnd: return "{0} và {1}"

        case .moneyBillions: return "{0} tỷ đồng"
        case .moneyMillions: return "{0} triệu đồng"
        case .moneyUnits: return "{0} đồng"
        case .tickThousands: return "{0} nghìn"
        case .tickMillions: return "{0} triệu"
        case .tickBillions: return "{0} tỷ"

        case .sweepTitle: return "{0} — báo cáo so sánh phương án"
        case .sweepHeading: return "So sánh phương án"
        case .sweepSubtitle: return "{0} · {1} · {2} · {3}"
        case .sweepRuns, .sweepRunsOne: return "{0} lượt chạy"
        case .sweepAxesCount, .sweepAxesCountOne: return "{0} tham số thay đổi"
        case .sweepFigures, .sweepFiguresOne: return "{0} chỉ số chính"
        case .sweepAxes: return "Các tham số"
        case .sweepNothing: return "Không tham số nào nhận từ hai giá trị trở lên, hoặc không cột nào chứa số: không có gì để vẽ."
        case .sweepAcross: return "Theo {0}"
        case .sweepLinePer: return "Mỗi đường ứng với một tổ hợp giá trị của {0}."
        case .sweepLeftOut, .sweepLeftOutOne: return "{0} tổ hợp khác không được vẽ (mỗi biểu đồ tối đa {1} đường); xem bảng."
        case .sweepAllRuns: return "Tất cả các lượt chạy"
        case .sweepFooter: return "Tạo bởi sim {0} từ results.csv trong cùng thư mục."
        case .sweepColRun: return "Lượt chạy"
        case .sweepColStatus: return "Trạng thái"
        case .sweepColMessage: return "Thông báo"
        case .sweepColSeconds: return "Thời gian (giây)"
        case .sweepStatusOK: return "hoàn thành"
        case .sweepStatusFailed: return "lỗi"
        case .sweepColLTEPop: return "Tỷ lệ dân số được phủ sóng 4G (%)"
        case .sweepColLTEArea: return "Tỷ lệ diện tích được phủ sóng 4G (%)"
        case .sweepColFBB: return "Tỷ lệ hộ trong tầm cáp quang (%)"
        case .sweepColPlanCost: return "Chi phí kế hoạch (đồng)"
        case .sweepColPlanTargetsMet: return "Số chỉ tiêu đạt"
        case .sweepColPlanTargets: return "Số chỉ tiêu đặt ra"
        case .sweepColPlanLTE: return "Phủ sóng 4G năm {0} theo kế hoạch (% dân số)"
        case .sweepColPlanFBB: return "Hộ trong tầm cáp quang năm {0} theo kế hoạch (%)"
        case .sweepColPlanUnderground: return "Cáp ngầm hóa năm {0} theo kế hoạch (% km cáp)"
        case .sweepColPlanSpent: return "Chi tiêu năm {0} (đồng)"
        case .sweepColPlanYearTargetsMet: return "Số chỉ tiêu đạt năm {0}"
        case .sweepColPlanYearTargets: return "Số chỉ tiêu năm {0}"
        case .sweepPlanHeading: return "Kết quả theo kế hoạch"
        case .sweepPlanYears: return "Chỉ số sau khi thực hiện các hạng mục đầu tư của từng năm kế hoạch, mỗi năm một đường."
        case .sweepPlanLastYear: return "Chỉ số sau khi thực hiện các hạng mục đầu tư đến hết năm {0}, năm cuối của kế hoạch."
        case .sweepBaselineHeading: return "Mạng hiện trạng (trước kế hoạch) và tổng kế hoạch"
        case .sweepSeriesYear: return "năm {0}"
        case .sweepChartPlanLTE: return "Phủ sóng 4G theo kế hoạch (% dân số)"
        case .sweepChartPlanFBB: return "Hộ trong tầm cáp quang theo kế hoạch (%)"
        case .sweepChartPlanUnderground: return "Cáp ngầm hóa theo kế hoạch (% km cáp)"
        case .sweepChartPlanSpent: return "Chi tiêu theo năm (đồng)"
        case .sweepAxisVND: return "đồng"
        case .sweepByDistrict: return "Theo huyện"
        case .sweepByDistrictNote: return "{0} dòng, mỗi lượt chạy và mỗi huyện một dòng ({1} cột theo huyện của results.csv)"
        case .sweepColDistrict: return "Mã huyện"
        case .toggleCoverageAfter: return "phủ sóng {0} sau năm {1}"
        case .toggleRoads: return "đường giao thông"
        case .toggleTowns: return "thị trấn, đô thị"
        case .legendShadeBars: return "Dải trên: ngoài vùng phủ sóng; dải dưới: màu nhìn thấy dưới lớp phủ sóng {0}."
        case .legendCoverageAfter: return "phủ sóng {0} sau từng năm kế hoạch (chọn năm ở phía trên bản đồ)"
        case .legendRoad: return "đường giao thông chính"
        case .legendTown: return "thị trấn, đô thị"
        case .legendFootprint: return "vùng phủ {0} của trạm mới, trạm nâng cấp (viền)"
        case .spendHeading: return "Chi tiêu theo huyện và năm"
        case .spendNote: return "Tổng chi phí các hạng mục được chọn, theo huyện đặt hạng mục và năm ngân sách (giống trang tính spend của plan.xlsx)."
        case .colTotal: return "Tổng"
        case .rowTotal: return "Tổng cộng"
        case .rowOutsideDistricts: return "Ngoài các huyện"
        case .colBinding: return "Giới hạn ràng buộc"
        case .bindBudget: return "ngân sách: còn {0}, bước tiếp theo rẻ nhất đắt hơn"
        case .bindMethod: return "phương pháp chọn ({0}): còn đủ tiền cho bước tiếp theo nhưng chưa chọn"
        case .bindMaxNewSites: return "{0} = {1}: còn điểm lưới có dân chưa phủ sóng nhưng không được đưa vào danh sách trạm mới"
        case .bindSpacing: return "{0} = {1}: không điểm lưới nào phủ tới số dân còn thiếu; dùng lưới dày hơn hoặc tệp phương án trạm"
        case .bindCandidateSites: return "{0}: không trạm nào trong tệp phủ tới số dân còn thiếu"
        case .bindMaxRoutes: return "{0} = {1}: huyện còn cụm hộ chưa có tuyến cáp"
        case .bindMinHouseholds: return "{0} = {1}: số hộ còn lại nằm trong các cụm nhỏ hơn ngưỡng"
        case .bindReach: return "{0} = {1}: không tuyến nào tới các hộ còn lại trong tầm quang của OLT"
        case .bindNone: return "không phương án nào có thể cải thiện"
        case .adaptiveNote: return "Còn tiền trong khi mục tiêu chưa đạt vì thiếu phương án, nên việc sinh phương án được mở rộng: {0}."
        case .moneyLeftNote: return "Số tiền chưa chi khi kết thúc kế hoạch: {0}."
        }
    }

    /// English.
    static func en(_ key: Message) -> String {
        switch key {
        case .runTitle: return "{0} — coverage report"
        case .runHeading: return "Network coverage report"
        case .runSubtitle: return "{0} · scenario {1} · {2} · {3}"
        case .districtCount: return "{0} districts"

        case .cardPopulation: return "population (cells)"
        case .cardPopulationCoverage: return "{0} population coverage"
        case .cardAreaCoverage: return "{0} area coverage"
        case .cardSites: return "sites with a footprint / all sites"
        case .cardHouseholdsReach: return "households within fibre reach"
        case .cardPlanCost: return "plan cost, {0} picks"
        case .cardTargetsMet: return "targets met in {0}"

        case .basisTitle: return "What these figures rest on"
        case .basisReal: return "Real data"
        case .basisSynthetic: return "Synthetic or assumed"
        case .basisUser: return "Supplied by the user"
        case .basisLimits: return "Model limits"
        case .basisItem: return "{0}: {1}"
        case .basisSourceFile: return "{0} ({1})"
        case .roleBoundaries: return "District boundaries"
        case .roleCensus: return "District population"
        case .rolePlaces: return "Towns (populated places)"
        case .roleRoads: return "Roads"
        case .roleSites: return "Existing sites"
        case .roleCells: return "Cell list"
        case .roleCables: return "Existing fibre network"
        case .roleOLTs: return "OLTs"
        case .rolePopulationPoints: return "Population points"
        case .rolePopulationSurface: return "Population within districts"
        case .roleCosts: return "Unit costs"
        case .roleTargets: return "Targets"
        case .roleCandidateSites: return "Candidate sites"
        case .roleCandidateRoutes: return "Candidate routes"
        case .roleBudgets: return "Yearly budgets"
        case .roleDEM: return "Elevation model (DEM)"
        case .originSynthetic: return "synthetic (marked SYNTHETIC), not operator data"
        case .originAssumed: return "assumed (marked ASSUMPTION)"
        case .originUser: return "supplied by the user"
        case .originScenario: return "set by the scenario, not an approved budget"
        case .sourceBoundaries2019: return "Government of Viet Nam 2019 administrative map (gis.chinhphu.vn, via dvhcvn)"
        case .sourceBoundariesNational2019: return "Government of Viet Nam 2019 administrative map, 692 districts (gis.chinhphu.vn, via dvhcvn; Quảng Ninh missing)"
        case .sourceCensus2019: return "2019 Population and Housing Census (General Statistics Office)"
        case .sourceCensusNational2019: return "2019 Population and Housing Census (General Statistics Office), 686 of 692 districts"
        case .sourceGeoNames: return "GeoNames (CC BY 4.0)"
        case .sourceRoads: return "national roads and railway, LegoCity / CTU-SematX (CC BY-SA 4.0), coarse"
        case .populationSynthesised: return "district totals spread over a {0} m grid with assumed weights (near roads, towns)"
        case .limitFlatEarth: return "Terrain: none (flat earth, no DEM)"
        case .limitTerrain: return "Terrain: included, DEM {0}, model {1}"
        case .limitDisk: return "Coverage: a disk of radius {0} m around each site (quick study, no link budget)"
        case .limitClutter: return "Clutter: none; one environment class per district: {0}"
        case .limitCalibration: return "Calibrated against drive tests: no"
        case .limitCalibrated: return "Calibrated against drive tests: yes — RMSE {0} dB over {1} bins ({2}); remaining standard deviation {3} dB"
        case .envUrban: return "urban"
        case .envSuburban: return "suburban"
        case .envRural: return "rural"
        case .envOpen: return "open land"
        case .envForest: return "forest"
        case .envShare: return "{0} {1} of the area"
        case .limitClutterDensity: return "Environment per place from population density (urban ≥ {0} /km², suburban ≥ {1}, rural below)"
        case .limitClutterNoLandCover: return "; no land-cover map, so fields and forest are not told apart"
        case .limitClutterRaster: return "Land cover: {0} ({1} classes)"
        case .envGroup: return "{0} — {1}"
        case .envGroupRest: return "{0} — the other {1} districts"
        case .envGroupAll: return "{0} — all {1} districts"

        case .predictionHeading: return "Predicted signal: RSRP and SINR"
        case .predictionRSRP: return "Best-server RSRP (dBm)"
        case .predictionSINR: return "Downlink SINR (dB)"
        case .predictionNote: return "Grid {0} m, {1} × {2} pixels (downsampled); flat earth, medians, each pixel's environment as for coverage; load {3}. Full files: prediction_*.tif (open in QGIS with the .qml beside each)."
        case .predictionNoSignal: return "no signal"
        case .predictionPeople: return "People with RSRP ≥ {0} dBm: {1}; with SINR ≥ {2} dB: {3}."
        case .mapHeading: return "Map"
        case .mapAria: return "Map of the districts"
        case .districtTooltip: return "{0}: {1} population coverage {2}"
        case .oltTooltip: return "OLT {0}"
        case .planTooltip: return "#{0} {1} · {2} {3} · {4}"
        case .northLetter: return "N"
        case .toggleCoverage: return "{0} coverage"
        case .toggleReach: return "fibre reach"
        case .toggleNetwork: return "cables and OLTs"
        case .toggleSites: return "existing sites"
        case .togglePlan: return "plan"
        case .legendHeading: return "Legend"
        case .legendShade: return "District shade: {0} population coverage"
        case .legendCoverage: return "{0} coverage (signal ≥ {1} dBm)"
        case .legendReach: return "fibre reach (drop ≤ {0} m)"
        case .legendCableServed: return "cable, served"
        case .legendCableBeyond: return "cable, beyond reach"
        case .legendOLT: return "OLT"
        case .legendSite: return "{0} site"
        case .legendOtherSite: return "other site (not {0})"
        case .legendPlanYear: return "plan {0}"
        case .legendNewSite: return "new site"
        case .legendUpgrade: return "upgrade to {0}"
        case .legendNewRoute: return "new fibre route"
        case .legendUndergrounding: return "undergrounding"
        case .paramsHeading: return "Key parameters"
        case .paramScenarioFile: return "Scenario file"
        case .paramCRS: return "CRS"
        case .paramRadioModel: return "Radio model"
        case .paramDisk: return "disk, radius {0} m (quick study)"
        case .paramRadioModels: return "Radio models (sites)"
        case .paramThreshold: return "Threshold"
        case .paramThresholdValue: return "{0} dBm, cell edge {1} %, σ {2} dB"
        case .paramMaxRadius: return "Max. radius"
        case .paramPopulation: return "Population"
        case .paramPopulationPoints: return "points from {0}"
        case .paramPopulationSynthesised: return "synthesised, {0} m cells"
        case .paramFixed: return "Fixed broadband"
        case .paramFixedValue: return "drop ≤ {0} m, OLT reach {1} km by default"
        case .paramPlanner: return "Planner"
        case .paramCarryOver: return "{0}, unspent money carried over"
        case .paramBudgets: return "Budgets"
        case .paramCostsTargets: return "Costs, targets"
        case .paramsNote: return "Every parameter used is under \"parameters\" in summary.json."

        case .districtsHeading: return "Districts"
        case .colDistrict: return "District"
        case .colID: return "Id"
        case .colPopulation: return "Population"
        case .colArea: return "Area km²"
        case .colPopPct: return "{0} pop. %"
        case .colAreaPct: return "{0} area %"
        case .colHouseholds: return "Households"
        case .colFBBPct: return "FBB hh. %"
        case .colCableAerial: return "Cable aerial km"
        case .colCableUnderground: return "Cable underground km"

        case .targetsHeading: return "Targets: plan against target per district and year"
        case .targetsNote: return "Each cell: planned % after the year's picks / target %. ✓ met, ✗ gap (red)."
        case .targetsMetricsNote: return "Metrics: {0}."
        case .metricDefinition: return "{0} = {1}"
        case .rowProvince: return "Province (all districts)"
        case .rowTargetsMet: return "Targets met"
        case .met: return "Met"
        case .gap: return "Gap"
        case .metricShortLTE: return "4G"
        case .metricShortFBB: return "FBB"
        case .metricShortUnderground: return "Underground"
        case .metricTitleLTE: return "4G population coverage"
        case .metricTitleFBB: return "FBB household reach"
        case .metricTitleUnderground: return "Cable underground"
        case .unitPeople: return "people"
        case .unitHouseholds: return "households"
        case .unitKm: return "km"
        case .yearsHeading: return "Plan by year"
        case .colYear: return "Year"
        case .colAvailable: return "Available"
        case .colSpent: return "Spent"
        case .colCarried: return "Carried"
        case .colPicks: return "Picks"
        case .colTargetsMet: return "Targets met"
        case .colProvinceMetric: return "Province {0} %"
        case .yearsNote: return "Money in billions of VND. Available = the year's budget plus money carried from the year before."
        case .costHeading: return "Cost to target"
        case .costNote: return "Each pick, in plan order, moves the province figure up; the dashed lines close each budget year."
        case .costSeries: return "province (%)"
        case .costXLabel: return "cumulative cost (billion VND)"
        case .costYLabel: return "province %"
        case .picksHeading: return "Plan picks"
        case .colRank: return "#"
        case .colKind: return "Kind"
        case .colCostMillions: return "Cost (m VND)"
        case .colNewPeople: return "New people"
        case .colNewHouseholds: return "New households"
        case .colKm: return "km"
        case .colCostPerPerson: return "VND / person"
        case .colCumulative: return "Cumulative (bn VND)"
        case .picksTruncated: return "The first {0} of {1} picks; all of them are in plan.csv."
        case .picksNone: return "The planner chose nothing."
        case .kindUpgrade: return "upgrade"
        case .kindNewSite: return "new site"
        case .kindCableRoute: return "cable route"
        case .kindUndergrounding: return "undergrounding"
        case .openHeading: return "Open targets after {0}"
        case .openAllMet: return "Every target is met."
        case .colMetric: return "Metric"
        case .colTarget: return "Target %"
        case .colPlanned: return "Planned %"
        case .colGap: return "Gap"
        case .colNextStep: return "Cheapest next step"
        case .nextNone: return "none: no candidate makes progress; add candidates near the gap"
        case .nextStep: return "{0} {1}, {2}, +{3} {4}"

        case .warningsHeading: return "Warnings"
        case .warningsNone: return "None."
        case .warningsNote: return "Word for word as in summary.json."
        case .footerWritten: return "Written by sim {0} (GEOS {1}, PROJ {2})."
        case .footerFigures: return "The figures are those of {0} in the same folder;"
        case .footerMap: return "the map layers are the GeoJSON files, simplified for display (Douglas–Peucker, 0.6 px)."
        case .listAnd: return "{0} and {1}"

        case .moneyBillions: return "VND {0} bn"
        case .moneyMillions: return "VND {0} million"
        case .moneyUnits: return "VND {0}"
        case .tickThousands: return "{0} k"
        case .tickMillions: return "{0} m"
        case .tickBillions: return "{0} bn"

        case .sweepTitle: return "{0} — sweep report"
        case .sweepHeading: return "Sweep comparison"
        case .sweepSubtitle: return "{0} · {1} · {2} · {3}"
        case .sweepRuns: return "{0} runs"
        case .sweepRunsOne: return "{0} run"
        case .sweepAxesCount: return "{0} varying parameters"
        case .sweepAxesCountOne: return "{0} varying parameter"
        case .sweepFigures: return "{0} headline figures"
        case .sweepFiguresOne: return "{0} headline figure"
        case .sweepAxes: return "Axes"
        case .sweepNothing: return "No parameter takes two or more values, or no column holds numbers: nothing to chart."
        case .sweepAcross: return "Across {0}"
        case .sweepLinePer: return "One line per combination of {0}."
        case .sweepLeftOut: return "{0} further combinations left out of each chart (at most {1} lines); see the table."
        case .sweepLeftOutOne: return "{0} further combination left out of each chart (at most {1} lines); see the table."
        case .sweepAllRuns: return "All runs"
        case .sweepFooter: return "Written by sim {0} from results.csv in the same folder."
        case .sweepColRun: return "Run"
        case .sweepColStatus: return "Status"
        case .sweepColMessage: return "Message"
        case .sweepColSeconds: return "Seconds"
        case .sweepStatusOK: return "ok"
        case .sweepStatusFailed: return "failed"
        case .sweepColLTEPop: return "4G population coverage %"
        case .sweepColLTEArea: return "4G area coverage %"
        case .sweepColFBB: return "FBB household reach %"
        case .sweepColPlanCost: return "Plan cost (VND)"
        case .sweepColPlanTargetsMet: return "Targets met"
        case .sweepColPlanTargets: return "Targets set"
        case .sweepColPlanLTE: return "Planned 4G coverage {0} (% of people)"
        case .sweepColPlanFBB: return "Planned FBB reach {0} (% of households)"
        case .sweepColPlanUnderground: return "Planned underground cable {0} (% of km)"
        case .sweepColPlanSpent: return "Spent in {0} (VND)"
        case .sweepColPlanYearTargetsMet: return "Targets met {0}"
        case .sweepColPlanYearTargets: return "Targets set {0}"
        case .sweepPlanHeading: return "Planned outcome"
        case .sweepPlanYears: return "The figures after each plan year's investments, one line per year."
        case .sweepPlanLastYear: return "The figures after the investments up to {0}, the last plan year."
        case .sweepBaselineHeading: return "Network before the plan, and plan totals"
        case .sweepSeriesYear: return "{0}"
        case .sweepChartPlanLTE: return "Planned 4G coverage (% of people)"
        case .sweepChartPlanFBB: return "Planned FBB reach (% of households)"
        case .sweepChartPlanUnderground: return "Planned underground cable (% of km)"
        case .sweepChartPlanSpent: return "Spent per year (VND)"
        case .sweepAxisVND: return "VND"
        case .sweepByDistrict: return "By district"
        case .sweepByDistrictNote: return "{0} rows, one per run and district ({1} per-district columns of results.csv)"
        case .sweepColDistrict: return "District id"
        case .toggleCoverageAfter: return "{0} coverage after {1}"
        case .toggleRoads: return "roads"
        case .toggleTowns: return "towns"
        case .legendShadeBars: return "Upper bar: outside coverage; lower bar: as seen under the {0} coverage layer."
        case .legendCoverageAfter: return "{0} coverage after each plan year (tick a year above the map)"
        case .legendRoad: return "main road"
        case .legendTown: return "town"
        case .legendFootprint: return "{0} footprint of a new or upgraded site (outline)"
        case .spendHeading: return "Spend by district and year"
        case .spendNote: return "Cost of the picks, by the district each pick lies in and its budget year (as in plan.xlsx's spend sheet)."
        case .colTotal: return "Total"
        case .rowTotal: return "Total"
        case .rowOutsideDistricts: return "Outside the districts"
        case .colBinding: return "Limit that binds"
        case .bindBudget: return "the budget: {0} left, less than the cheapest next step"
        case .bindMethod: return "the selection method ({0}): the money left would buy the next step"
        case .bindMaxNewSites: return "{0} = {1}: grid points with uncovered people were left out of the new-site list"
        case .bindSpacing: return "{0} = {1}: no grid point's site reaches the people still missing; use a finer grid or a candidate file"
        case .bindCandidateSites: return "{0}: no site of the file reaches the people still missing"
        case .bindMaxRoutes: return "{0} = {1}: the district has clusters of unreached households without a route"
        case .bindMinHouseholds: return "{0} = {1}: the households left are in clusters below this size"
        case .bindReach: return "{0} = {1}: no route to the households left is within the OLTs' optical reach"
        case .bindNone: return "nothing the planner can offer makes progress"
        case .adaptiveNote: return "Money was left while targets stayed open for want of candidates, so candidate generation was widened: {0}."
        case .moneyLeftNote: return "Money left unspent at the end of the plan: {0}."
        }
    }
}
