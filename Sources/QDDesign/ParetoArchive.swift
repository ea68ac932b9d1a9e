import Foundation

/// Objective vectors packed into one `SIMD8` (lanes 0–4, the rest zero), and dominance on them.
enum PackedObjectives {
    /// Objectives packed for the index (at most 8 are read).
    static func pack(_ objectives: [Double]) -> SIMD8<Double> {
        var v = SIMD8<Double>()
        for (i, o) in objectives.prefix(8).enumerated() { v[i] = o }
        return v
    }

    /// True when `a` strictly dominates `b` (no lane worse, one better); NaN lanes compare false both ways,
    /// as in `ScreenedCandidate.dominates`.
    @inline(__always) static func dominates(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> Bool {
        !any(a .> b) && any(a .< b)
    }

    /// Objectives of a free slot: +∞ in every lane (lanes 5–7 included), so it dominates nothing; lane 7 ≠ 0
    /// marks it.
    static let tombstone = SIMD8<Double>(repeating: .infinity)
}

/// The archive of screened candidates (records kept for every member): what the merge step and the continuous
/// search use.
typealias ParetoArchive = ParetoSet<ScreenedCandidate>

extension ParetoSet where Member == ScreenedCandidate {
    /// Adds `c` unless a member dominates it or has equal objectives and a smaller-or-equal id; removes the
    /// members it dominates or equals.
    mutating func insert(_ c: ScreenedCandidate) {
        offer(PackedObjectives.pack(c.objectives), c, id: \.id)
    }
}

/// A bounded non-dominated set of members (all objectives minimised), indexed so that offering a candidate costs
/// a few tree descents instead of a scan of the whole front. `Member` is what is stored per member: a full
/// record, or a few integers from which the screen builds the record once, at the end.
///
/// Semantics (tested equal to a brute-force front): a candidate is kept unless a member dominates it or has
/// equal objectives and a smaller-or-equal id; keeping it removes the members it dominates or equals. So, as
/// long as the limit is not reached, the archive is the set of non-dominated candidates offered (one per
/// objective vector, the smallest id), whatever the order of offering. Beyond `limit` members, the member
/// farthest from the target (largest objective 0; ties: the lowest slot) is dropped and `truncated` is set.
///
/// Layout: each member's objectives are packed into one `SIMD8` (lanes 0–4, the rest zero) and kept twice — by
/// slot (for the recent-dominator hints) and in a `DominanceIndex` (for the searches). A removed member's slot is
/// reused. The member value is made only for a candidate that enters, and ids only to break exact ties.
/// Memory: O(limit): about 170 bytes per member plus the member value.
struct ParetoSet<Member> {
    private var slots: [Member?] = []
    private var packed: [SIMD8<Double>] = []
    private var generation: [UInt32] = []
    private var free: [Int] = []
    private var index = DominanceIndex()
    /// Lazy max-heap of (objective 0, slot, generation), built at the first overflow only.
    private var farthest = FarthestHeap()
    /// Live members.
    private(set) var count = 0
    let limit: Int
    private(set) var truncated = false
    /// Slots that dominated recent candidates (a ring of 8): neighbouring candidates (the next diameters of the
    /// same structure) are usually dominated by the same few members, so these are tried first.
    private var recentDominators = SIMD8<Int>(repeating: 0)
    private var recentNext = 0

    init(limit: Int) { self.limit = max(limit, 1) }

    /// The members, in slot order.
    var members: [Member] { slots.compactMap { $0 } }

    /// True when some member strictly dominates `objectives`.
    func dominated(_ objectives: SIMD8<Double>) -> Bool { index.dominator(of: objectives) != nil }

    /// Adds the candidate with objectives `o` unless a member dominates it or has equal objectives and a
    /// smaller-or-equal `id`; removes the members it dominates or equals. The member is made (`make`) only when
    /// no member dominates `o`, so a dominated candidate costs the hint checks and one index search, and no
    /// allocation.
    mutating func offer(_ o: SIMD8<Double>, _ make: @autoclosure () -> Member, id: (Member) -> String) {
        for k in 0..<8 {
            let hint = recentDominators[k]
            if hint < packed.count, PackedObjectives.dominates(packed[hint], o) { return }
        }
        if let dominator = index.dominator(of: o) {
            recentDominators[recentNext] = dominator
            recentNext = (recentNext + 1) % 8
            return
        }
        var removals: [Int] = []
        var equal: Int?
        index.dominatedOrEqual(by: o, removals: &removals, equal: &equal)
        let c = make()
        // Equal objectives keep the smaller id, so the archive does not depend on the order of insertion.
        if let e = equal, let member = slots[e], id(member) <= id(c) { return }
        for i in removals { remove(i) }
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            slots[slot] = c
            packed[slot] = o
            generation[slot] &+= 1
        } else {
            slot = slots.count
            slots.append(c)
            packed.append(o)
            generation.append(0)
        }
        index.insert(o, slot: slot)
        count += 1
        if farthest.isActive { farthest.push(o[0], slot: slot, generation: generation[slot]) }
        if count > limit { dropFarthest() }
    }

    /// Drops the member with the largest objective 0 (ties: the lowest slot), keeping memory bounded.
    private mutating func dropFarthest() {
        if !farthest.isActive {
            farthest.activate(packed.indices.compactMap { i in slots[i] == nil ? nil : (packed[i][0], i, generation[i]) })
        }
        while let top = farthest.pop() {
            guard slots[top.slot] != nil, generation[top.slot] == top.generation else { continue }
            remove(top.slot)
            truncated = true
            break
        }
        farthest.compactIfStale(live: count) { slot, gen in slots[slot] != nil && generation[slot] == gen }
    }

    private mutating func remove(_ i: Int) {
        guard slots[i] != nil else { return }
        slots[i] = nil
        packed[i] = PackedObjectives.tombstone
        index.remove(slot: i)
        free.append(i)
        count -= 1
    }
}

/// A max-heap of (objective 0, slot, generation) ordered by objective 0 descending, then slot ascending; NaN
/// counts as +∞ (farthest). Entries of removed or reused slots stay until popped or compacted (lazy deletion).
struct FarthestHeap {
    struct Entry {
        var key: Double
        var slot: Int
        var generation: UInt32
    }
    private var entries: [Entry] = []
    private(set) var isActive = false

    @inline(__always) private static func above(_ a: Entry, _ b: Entry) -> Bool {
        a.key > b.key || (a.key == b.key && a.slot < b.slot)
    }

    /// Starts keeping entries, with these initial members. O(n).
    mutating func activate(_ members: [(Double, Int, UInt32)]) {
        isActive = true
        entries = members.map { Entry(key: $0.0.isNaN ? .infinity : $0.0, slot: $0.1, generation: $0.2) }
        heapify()
    }

    mutating func push(_ key: Double, slot: Int, generation: UInt32) {
        entries.append(Entry(key: key.isNaN ? .infinity : key, slot: slot, generation: generation))
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.above(entries[i], entries[parent]) else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            siftDown(0)
        }
        return top
    }

    /// Drops stale entries when they outnumber the live members, so the heap stays O(members). O(n) when it runs.
    mutating func compactIfStale(live: Int, _ isCurrent: (Int, UInt32) -> Bool) {
        guard entries.count > 2 * live + 64 else { return }
        entries.removeAll { !isCurrent($0.slot, $0.generation) }
        heapify()
    }

    private mutating func heapify() {
        for i in stride(from: entries.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < entries.count, Self.above(entries[l], entries[best]) { best = l }
            if r < entries.count, Self.above(entries[r], entries[best]) { best = r }
            guard best != i else { return }
            entries.swapAt(i, best)
            i = best
        }
    }
}

/// The members' packed objectives, indexed for the two searches the archive makes: "is there a member that
/// dominates o?" and "which members does o dominate or equal?".
///
/// A logarithmic family of static k-d trees (Bentley & Saxe, "Decomposable searching problems I: static-to-
/// dynamic transformation", J. Algorithms 1, 301 (1980)): new points go to a small buffer scanned linearly; a
/// full buffer is merged with the trees of levels 0, 1, … up to the first empty level into one new tree, so
/// level L holds at most `bufferCapacity`·(2^(L+1) − 1) points and each point is rebuilt O(log n) times.
/// Removal marks the point with the tombstone; a tree more than half tombstones is rebuilt from its live points.
///
/// Each tree node keeps the bounding box of its points (NaN lanes widen the box to ±∞), so a search skips a
/// subtree when the box proves no point in it can qualify: a dominator of o needs every lane ≤ o or NaN, so a
/// node whose lower corner exceeds o in some lane holds none; a point o dominates needs every lane ≥ o or NaN,
/// so a node whose upper corner is below o in some lane holds none. Leaves are then scanned with the exact
/// test, so the answers are those of a full scan (no approximation).
///
/// Why hand-written: the package has no spatial-index dependency, and these two dominance queries (orthant
/// emptiness and orthant reporting with NaN semantics and deletions) are not what a general k-d tree library offers.
struct DominanceIndex {
    static let bufferCapacity = 32
    private var buffer: [SIMD8<Double>] = []
    private var bufferSlots: [Int] = []
    private var trees: [KDTree?] = []
    /// By archive slot: −1 in the buffer, L ≥ 0 in the tree of level L, −2 absent; and the position there.
    private var levelOf: [Int8] = []
    private var positionOf: [Int32] = []

    /// The slot of a member that strictly dominates `o`, or nil.
    func dominator(of o: SIMD8<Double>) -> Int? {
        for i in buffer.indices where PackedObjectives.dominates(buffer[i], o) { return bufferSlots[i] }
        for tree in trees {
            if let tree, let slot = tree.dominator(of: o) { return slot }
        }
        return nil
    }

    /// Appends the slots of members that `o` strictly dominates to `removals` (equal ones too, and sets `equal`).
    func dominatedOrEqual(by o: SIMD8<Double>, removals: inout [Int], equal: inout Int?) {
        for i in buffer.indices {
            let m = buffer[i]
            if m == o { equal = bufferSlots[i]; removals.append(bufferSlots[i]) } else if m[7] == 0, PackedObjectives.dominates(o, m) { removals.append(bufferSlots[i]) }
        }
        for tree in trees { tree?.dominatedOrEqual(by: o, removals: &removals, equal: &equal) }
    }

    mutating func insert(_ o: SIMD8<Double>, slot: Int) {
        if slot >= levelOf.count {
            levelOf.append(contentsOf: repeatElement(-2, count: slot + 1 - levelOf.count))
            positionOf.append(contentsOf: repeatElement(0, count: slot + 1 - positionOf.count))
        }
        buffer.append(o)
        bufferSlots.append(slot)
        levelOf[slot] = -1
        positionOf[slot] = Int32(buffer.count - 1)
        if buffer.count >= Self.bufferCapacity { carry() }
    }

    mutating func remove(slot: Int) {
        guard slot < levelOf.count else { return }
        let level = Int(levelOf[slot]), position = Int(positionOf[slot])
        levelOf[slot] = -2
        if level == -1 {
            let last = buffer.count - 1
            if position != last {
                buffer[position] = buffer[last]
                bufferSlots[position] = bufferSlots[last]
                positionOf[bufferSlots[position]] = Int32(position)
            }
            buffer.removeLast()
            bufferSlots.removeLast()
        } else if level >= 0, var tree = trees[level] {
            trees[level] = nil  // unique reference: the tombstone is written in place
            tree.points[position] = PackedObjectives.tombstone
            tree.live -= 1
            if tree.live == 0 {
                return
            } else if 2 * tree.live < tree.points.count, tree.points.count >= 4 * Self.bufferCapacity {
                var points: [SIMD8<Double>] = [], slots: [Int] = []
                tree.appendLive(to: &points, &slots)
                tree = KDTree(points: points, slots: slots)
                place(tree, level: level)
            }
            trees[level] = tree
        }
    }

    /// Merges the buffer with levels 0, 1, … up to the first empty one into one tree at that level.
    private mutating func carry() {
        var points = buffer, slots = bufferSlots
        buffer.removeAll(keepingCapacity: true)
        bufferSlots.removeAll(keepingCapacity: true)
        var level = 0
        while level < trees.count, let tree = trees[level] {
            tree.appendLive(to: &points, &slots)
            trees[level] = nil
            level += 1
        }
        if level == trees.count { trees.append(nil) }
        let tree = KDTree(points: points, slots: slots)
        place(tree, level: level)
        trees[level] = tree
    }

    private mutating func place(_ tree: KDTree, level: Int) {
        for (position, slot) in tree.slots.enumerated() {
            levelOf[slot] = Int8(level)
            positionOf[slot] = Int32(position)
        }
    }
}

/// A static k-d tree over packed objective vectors with a bounding box per node (see `DominanceIndex`).
/// Nodes are stored in preorder: a node's left child is the next node, its right child is `right[node]`
/// (−1 for a leaf), and it covers points `first[node]..<end[node]`.
struct KDTree {
    static let leafSize = 16
    var points: [SIMD8<Double>]
    var slots: [Int]
    var live: Int
    private var lower: [SIMD8<Double>] = []
    private var upper: [SIMD8<Double>] = []
    private var first: [Int32] = []
    private var end: [Int32] = []
    private var right: [Int32] = []

    /// Builds the tree: each node splits its points at the median of the lane whose spread, relative to the
    /// whole set's range in that lane, is largest (objectives have different units: nm, USD/g, fractions).
    /// - Complexity: O(n log n).
    init(points: [SIMD8<Double>], slots: [Int]) {
        self.points = points
        self.slots = slots
        live = points.count
        guard !points.isEmpty else { return }
        let (lo, hi) = Self.box(points[...])
        let range = hi - lo
        let scale = SIMD8<Double>((0..<8).map { k in range[k].isFinite && range[k] > 0 ? 1 / range[k] : 0 })
        build(0, points.count, scale: scale)
    }

    /// Lower and upper corners of `points`, NaN lanes counted as −∞ (lower) and +∞ (upper).
    private static func box(_ points: ArraySlice<SIMD8<Double>>) -> (SIMD8<Double>, SIMD8<Double>) {
        var lo = SIMD8<Double>(repeating: .infinity), hi = SIMD8<Double>(repeating: -.infinity)
        for p in points {
            let nan = p .!= p
            lo = pointwiseMin(lo, p.replacing(with: -.infinity, where: nan))
            hi = pointwiseMax(hi, p.replacing(with: .infinity, where: nan))
        }
        return (lo, hi)
    }

    private mutating func build(_ from: Int, _ to: Int, scale: SIMD8<Double>) {
        let node = lower.count
        let (lo, hi) = Self.box(points[from..<to])
        lower.append(lo)
        upper.append(hi)
        first.append(Int32(from))
        end.append(Int32(to))
        right.append(-1)
        guard to - from > Self.leafSize else { return }
        let spread = (hi - lo) * scale
        var lane = 0
        for k in 1..<8 where spread[k] > spread[lane] || !(spread[lane] == spread[lane]) { lane = k }
        let middle = (from + to) / 2
        select(middle, in: from, to, lane: lane)
        build(from, middle, scale: scale)
        right[node] = Int32(lower.count)
        build(middle, to, scale: scale)
    }

    /// Partial sort (Hoare selection): afterwards the point at `k` has the key it would have in sorted order,
    /// with no larger key before it and no smaller after. Key: the lane's value, NaN as +∞.
    private mutating func select(_ k: Int, in from: Int, _ to: Int, lane: Int) {
        func key(_ i: Int) -> Double { let v = points[i][lane]; return v.isNaN ? .infinity : v }
        var l = from, r = to - 1
        while l < r {
            let pivot = key((l + r) / 2)
            var i = l, j = r
            while i <= j {
                while key(i) < pivot { i += 1 }
                while key(j) > pivot { j -= 1 }
                if i <= j {
                    points.swapAt(i, j)
                    slots.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { r = j } else if k >= i { l = i } else { return }
        }
    }

    /// Appends the live points and their slots.
    func appendLive(to points: inout [SIMD8<Double>], _ slots: inout [Int]) {
        for i in self.points.indices where self.points[i][7] == 0 {
            points.append(self.points[i])
            slots.append(self.slots[i])
        }
    }

    /// The slot of a point that strictly dominates `o`, or nil. Skips nodes whose lower corner exceeds `o` in a lane.
    func dominator(of o: SIMD8<Double>) -> Int? {
        var found: Int?
        traverse(skip: { any(lower[$0] .> o) }) { range in
            for i in range where PackedObjectives.dominates(points[i], o) {
                found = slots[i]
                return true
            }
            return false
        }
        return found
    }

    /// Appends the slots of points that `o` strictly dominates, or equals (setting `equal`), to `removals`.
    /// Skips nodes whose upper corner is below `o` in a lane.
    func dominatedOrEqual(by o: SIMD8<Double>, removals: inout [Int], equal: inout Int?) {
        traverse(skip: { any(upper[$0] .< o) }) { range in
            for i in range {
                let m = points[i]
                if m == o { equal = slots[i]; removals.append(slots[i]) } else if m[7] == 0, PackedObjectives.dominates(o, m) { removals.append(slots[i]) }
            }
            return false
        }
    }

    /// Depth-first over the nodes `skip` does not prune, lower half first, handing each leaf's point range to
    /// `leaf` until it returns true. The stack lives on the call stack (depth ≤ log₂(n/leafSize) + 1 < 128).
    @inline(__always)
    private func traverse(skip: (Int) -> Bool, leaf: (Range<Int>) -> Bool) {
        guard !lower.isEmpty else { return }
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 128) { stack in
            stack[0] = 0
            var top = 1
            while top > 0 {
                top -= 1
                let node = Int(stack[top])
                if skip(node) { continue }
                let r = right[node]
                if r < 0 {
                    if leaf(Int(first[node])..<Int(end[node])) { return }
                } else {
                    stack[top] = r
                    stack[top + 1] = Int32(node + 1)
                    top += 2
                }
            }
        }
    }
}
