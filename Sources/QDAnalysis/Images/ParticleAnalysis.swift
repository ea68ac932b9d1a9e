import Foundation

/// Which intensity the particles have.
public enum ParticlePolarity: String, Sendable, Codable, CaseIterable {
    /// Dark particles on a bright background (bright-field TEM).
    case dark
    /// Bright particles on a dark background (HAADF-STEM, fluorescence).
    case bright
    /// The minority class after thresholding is taken as the particles.
    case automatic
}

/// How the foreground is separated from the background.
public enum ThresholdMethod: Sendable, Codable, Equatable {
    /// Otsu's global threshold.
    case otsu
    /// Local mean over a (2·radius+1)² window plus an offset (0…1 intensity units), for uneven illumination.
    case adaptive(radius: Int, offset: Double)
}

/// Settings of a particle-sizing run.
public struct ParticleSizingOptions: Sendable, Codable, Equatable {
    /// Image scale, nm per pixel (> 0).
    public var nanometresPerPixel: Double
    /// Gaussian denoising σ, pixels (0 = none).
    public var denoiseSigma: Double
    /// Apply a 3 × 3 median filter before the blur (salt-and-pepper noise).
    public var medianFilter: Bool
    /// Threshold method.
    public var threshold: ThresholdMethod
    /// Particle polarity.
    public var polarity: ParticlePolarity
    /// Split touching particles by the distance-transform watershed.
    public var splitTouching: Bool
    /// Regions smaller than this many pixels are noise and not counted.
    public var minimumAreaPixels: Int

    /// Options with the scale and defaults: σ 1 px, Otsu, automatic polarity, watershed on, minimum 12 px.
    public init(
        nanometresPerPixel: Double, denoiseSigma: Double = 1, medianFilter: Bool = false, threshold: ThresholdMethod = .otsu,
        polarity: ParticlePolarity = .automatic, splitTouching: Bool = true, minimumAreaPixels: Int = 12
    ) {
        self.nanometresPerPixel = nanometresPerPixel
        self.denoiseSigma = denoiseSigma
        self.medianFilter = medianFilter
        self.threshold = threshold
        self.polarity = polarity
        self.splitTouching = splitTouching
        self.minimumAreaPixels = minimumAreaPixels
    }
}

/// One measured particle.
public struct Particle: Sendable, Codable, Equatable {
    /// Region label in `ParticleSizingResult.labels`.
    public let label: Int
    /// Centroid, pixels (x, y).
    public let centroidX: Double
    /// Centroid y, pixels.
    public let centroidY: Double
    /// Area, nm².
    public let areaSquareNanometres: Double
    /// Diameter of the disc of equal area, 2√(A/π), nm.
    public let equivalentDiameterNanometres: Double
    /// 4πA/P² with A the pixel count and P the marching-squares contour length; ≈ 0.89 for a digitised disc (the
    /// binary outline overestimates a circle's perimeter by ≈ 6 %), lower for irregular or elongated outlines.
    public let circularity: Double
    /// Major/minor axis ratio from the second moments (≥ 1).
    public let aspectRatio: Double
    /// Whether the particle touches the image border (then it is excluded from the statistics).
    public let touchesBorder: Bool
}

/// A log-normal fit of a size distribution (maximum likelihood: μ, σ of ln d).
public struct LogNormalFit: Sendable, Codable, Equatable {
    /// Mean of ln(d/nm).
    public let mu: Double
    /// Standard deviation of ln d (the geometric standard deviation is e^σ).
    public let sigma: Double
    /// Median e^μ, nm.
    public let medianNanometres: Double
    /// Mean e^(μ+σ²/2), nm.
    public let meanNanometres: Double
    /// Standard deviation of d, nm: mean·√(e^(σ²) − 1).
    public let standardDeviationNanometres: Double
}

/// The result of sizing particles in a micrograph.
public struct ParticleSizingResult: Sendable, Codable, Equatable {
    /// Every region found, including border particles (flagged).
    public let particles: [Particle]
    /// Number of particles counted (not touching the border).
    public let count: Int
    /// Arithmetic mean equivalent diameter of the counted particles, nm.
    public let meanDiameterNanometres: Double
    /// Sample standard deviation of the counted diameters, nm (0 for one particle).
    public let standardDeviationNanometres: Double
    /// Log-normal fit of the counted diameters (`nil` for fewer than 2).
    public let logNormal: LogNormalFit?
    /// The threshold used (0…1 intensity) and Otsu separability η (nil for adaptive thresholds).
    public let threshold: Double?
    /// Otsu separability η.
    public let separability: Double?
    /// Label per pixel (0 background), row-major; for overlays.
    public let labels: [Int]
    /// Image size.
    public let width: Int
    /// Image height.
    public let height: Int
}

/// Particle sizing: denoise → threshold → distance transform → watershed → measure → statistics.
public enum ParticleSizer {
    /// Sizes the particles in `image`.
    /// - Throws: `AnalysisError.invalidValue` for a non-positive scale; `.nothingToMeasure` for a uniform image
    ///   (no contrast), an image whose intensities are one noisy class (Otsu separability < 0.75: no particles),
    ///   a foreground covering > 90 % of the image (all foreground: wrong polarity or threshold), or no particle
    ///   left after excluding border and small regions.
    public static func analyze(_ image: GrayImage, options: ParticleSizingOptions) throws -> ParticleSizingResult {
        guard options.nanometresPerPixel.isFinite, options.nanometresPerPixel > 0 else {
            throw AnalysisError(.invalidValue, "Scale \(options.nanometresPerPixel) nm/pixel is not valid (rule: finite > 0). Read it from the micrograph's scale bar.")
        }
        var work = image
        if options.medianFilter { work = ImageProcessing.median3x3(work) }
        work = try ImageProcessing.gaussianBlur(work, sigma: options.denoiseSigma)
        let w = image.width, h = image.height
        var above: [Bool]
        var threshold: Double?, separability: Double?
        switch options.threshold {
        case .otsu:
            guard let (t, eta) = ImageProcessing.otsu(work) else {
                throw AnalysisError(.nothingToMeasure, "The image is uniform (no contrast) (rule: particles must differ from the background). Check the file; it may be blank or saturated.")
            }
            guard eta >= 0.75 else {
                throw AnalysisError(.nothingToMeasure, String(format: "No particles: the intensities form one class (Otsu separability %.2f < 0.75; two clean classes give > 0.85) (rule: particles and background must be distinct). Check the image, or use an adaptive threshold for uneven illumination.", eta))
            }
            threshold = t
            separability = eta
            above = work.pixels.map { $0 > t }
        case .adaptive(let radius, let offset):
            guard radius >= 1 else {
                throw AnalysisError(.invalidValue, "Adaptive threshold radius \(radius) px is not valid (rule: ≥ 1, larger than a particle). Use about twice the particle diameter in pixels.")
            }
            // Dark particles: threshold the inverted image, so "above" already means particle.
            let source = options.polarity == .dark ? GrayImage(uncheckedWidth: w, height: h, pixels: work.pixels.map { 1 - $0 }, bitDepth: 0) : work
            above = ImageProcessing.adaptiveThreshold(source, radius: radius, offset: offset)
        }
        let aboveCount = above.filter { $0 }.count
        let foreground: [Bool]
        switch (options.polarity, options.threshold) {
        case (.bright, _), (.dark, .adaptive): foreground = above
        case (.dark, .otsu): foreground = above.map { !$0 }
        case (.automatic, _): foreground = aboveCount * 2 <= w * h ? above : above.map { !$0 }
        }
        let fraction = Double(foreground.filter { $0 }.count) / Double(w * h)
        guard fraction <= 0.9 else {
            throw AnalysisError(.nothingToMeasure, String(format: "The foreground covers %.0f %% of the image (rule: ≤ 90 %%; particles on a background). The polarity may be wrong (pass dark or bright) or the field is fully covered.", 100 * fraction))
        }
        let labels: [Int]
        if options.splitTouching {
            let distance = ImageProcessing.distanceTransform(foreground, width: w, height: h)
            labels = ImageProcessing.watershed(distance: distance, mask: foreground, width: w, height: h)
        } else {
            labels = connectedComponents(foreground, width: w, height: h)
        }
        let particles = measure(labels: labels, width: w, height: h, scale: options.nanometresPerPixel, minimumArea: options.minimumAreaPixels)
        let counted = particles.filter { !$0.touchesBorder }.map(\.equivalentDiameterNanometres)
        guard !counted.isEmpty else {
            throw AnalysisError(.nothingToMeasure, "No particles counted: \(particles.count) region(s) found, all touching the border or smaller than \(options.minimumAreaPixels) px (rule: whole particles of at least that area). Check the scale, polarity and minimum area, or image a field with whole particles.")
        }
        let mean = counted.reduce(0, +) / Double(counted.count)
        let sd = counted.count > 1 ? (counted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(counted.count - 1)).squareRoot() : 0
        return ParticleSizingResult(
            particles: particles, count: counted.count, meanDiameterNanometres: mean, standardDeviationNanometres: sd,
            logNormal: logNormalFit(counted), threshold: threshold, separability: separability, labels: labels, width: w, height: h)
    }

    /// 8-connected components of a mask (labels 1…, 0 background), by breadth-first flood fill. O(n).
    public static func connectedComponents(_ mask: [Bool], width w: Int, height h: Int) -> [Int] {
        var labels = [Int](repeating: 0, count: w * h)
        var next = 0
        var queue: [Int] = []
        for start in 0..<(w * h) where mask[start] && labels[start] == 0 {
            next += 1
            labels[start] = next
            queue = [start]
            var head = 0
            while head < queue.count {
                let p = queue[head]
                head += 1
                let x = p % w, y = p / w
                for dy in -1...1 {
                    for dx in -1...1 {
                        let nx = x + dx, ny = y + dy
                        guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                        let q = ny * w + nx
                        if mask[q], labels[q] == 0 { labels[q] = next; queue.append(q) }
                    }
                }
            }
        }
        return labels
    }

    /// Per-region area, equivalent diameter, circularity (marching-squares perimeter), aspect ratio and border flag.
    static func measure(labels: [Int], width w: Int, height h: Int, scale: Double, minimumArea: Int) -> [Particle] {
        struct Acc { var n = 0; var sx = 0.0; var sy = 0.0; var sxx = 0.0; var syy = 0.0; var sxy = 0.0; var border = false; var perimeter = 0.0 }
        var acc: [Int: Acc] = [:]
        for y in 0..<h {
            for x in 0..<w {
                let l = labels[y * w + x]
                guard l > 0 else { continue }
                var a = acc[l, default: Acc()]
                a.n += 1
                a.sx += Double(x); a.sy += Double(y)
                a.sxx += Double(x * x); a.syy += Double(y * y); a.sxy += Double(x * y)
                if x == 0 || y == 0 || x == w - 1 || y == h - 1 { a.border = true }
                acc[l] = a
            }
        }
        // Marching squares over 2 × 2 cells (pixels outside count as other): per label, a corner cut adds √2/2, a
        // straight edge 1, a saddle 2 × √2/2.
        func label(_ x: Int, _ y: Int) -> Int { x < 0 || y < 0 || x >= w || y >= h ? 0 : labels[y * w + x] }
        for y in -1..<h {
            for x in -1..<w {
                let corners = [label(x, y), label(x + 1, y), label(x + 1, y + 1), label(x, y + 1)]
                for l in Set(corners) where l > 0 {
                    let inside = corners.map { $0 == l }
                    let k = inside.filter { $0 }.count
                    var length = 0.0
                    if k == 1 || k == 3 { length = 0.5.squareRoot() } else if k == 2 {
                        length = inside[0] == inside[2] ? 2 * 0.5.squareRoot() : 1
                    }
                    acc[l]?.perimeter += length
                }
            }
        }
        return acc.keys.sorted().compactMap { l -> Particle? in
            guard let a = acc[l], a.n >= minimumArea else { return nil }
            let n = Double(a.n)
            let mx = a.sx / n, my = a.sy / n
            let cxx = a.sxx / n - mx * mx + 1.0 / 12, cyy = a.syy / n - my * my + 1.0 / 12, cxy = a.sxy / n - mx * my
            let tr = cxx + cyy, det = cxx * cyy - cxy * cxy
            let disc = max(tr * tr / 4 - det, 0).squareRoot()
            let major = tr / 2 + disc, minor = max(tr / 2 - disc, 1e-12)
            let area = n * scale * scale
            let perimeter = a.perimeter
            return Particle(
                label: l, centroidX: mx, centroidY: my, areaSquareNanometres: area,
                equivalentDiameterNanometres: 2 * (area / Double.pi).squareRoot(),
                circularity: perimeter > 0 ? min(4 * Double.pi * n / (perimeter * perimeter), 1.5) : 0,
                aspectRatio: (major / minor).squareRoot(), touchesBorder: a.border)
        }
    }

    /// Maximum-likelihood log-normal fit; nil for fewer than 2 positive values.
    public static func logNormalFit(_ diameters: [Double]) -> LogNormalFit? {
        let logs = diameters.filter { $0 > 0 }.map { log($0) }
        guard logs.count >= 2 else { return nil }
        let mu = logs.reduce(0, +) / Double(logs.count)
        let sigma = (logs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(logs.count)).squareRoot()
        let mean = exp(mu + sigma * sigma / 2)
        return LogNormalFit(mu: mu, sigma: sigma, medianNanometres: exp(mu), meanNanometres: mean, standardDeviationNanometres: mean * (exp(sigma * sigma) - 1).squareRoot())
    }

    /// An RGB overlay (3 bytes per pixel) of `image`: counted particles' outlines green, border particles red,
    /// centroids of counted particles marked with a 3 × 3 yellow cross.
    public static func overlay(_ image: GrayImage, result: ParticleSizingResult) -> [UInt8] {
        let w = image.width, h = image.height
        var rgb = [UInt8](repeating: 0, count: 3 * w * h)
        for i in 0..<(w * h) {
            let v = UInt8((min(max(image.pixels[i], 0), 1) * 255).rounded())
            rgb[3 * i] = v; rgb[3 * i + 1] = v; rgb[3 * i + 2] = v
        }
        let border = Set(result.particles.filter(\.touchesBorder).map(\.label))
        let counted = Set(result.particles.filter { !$0.touchesBorder }.map(\.label))
        for y in 0..<h {
            for x in 0..<w {
                let l = result.labels[y * w + x]
                guard l > 0, counted.contains(l) || border.contains(l) else { continue }
                let edge = [(1, 0), (-1, 0), (0, 1), (0, -1)].contains { dx, dy in
                    let nx = x + dx, ny = y + dy
                    return nx < 0 || ny < 0 || nx >= w || ny >= h || result.labels[ny * w + nx] != l
                }
                guard edge else { continue }
                let colour: (UInt8, UInt8, UInt8) = counted.contains(l) ? (0, 220, 0) : (230, 0, 0)
                let i = 3 * (y * w + x)
                rgb[i] = colour.0; rgb[i + 1] = colour.1; rgb[i + 2] = colour.2
            }
        }
        for p in result.particles where !p.touchesBorder {
            let cx = Int(p.centroidX.rounded()), cy = Int(p.centroidY.rounded())
            for (dx, dy) in [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)] {
                let x = cx + dx, y = cy + dy
                guard x >= 0, y >= 0, x < w, y < h else { continue }
                let i = 3 * (y * w + x)
                rgb[i] = 255; rgb[i + 1] = 220; rgb[i + 2] = 0
            }
        }
        return rgb
    }
}
