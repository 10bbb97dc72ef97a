/// Traditional Chinese characters folded to simplified, one scalar for one scalar, so that the
/// grammar reads "個月內", "長期堅持", "國慶節前" exactly as "个月内", "长期坚持", "国庆节前".
///
///     TraditionalScript.simplified("個")  // "个"
///     TraditionalScript.simplified("个")  // "个" (simplified text is left alone)
///
/// Why a table in source rather than a resource or `Dictionary`: the binary is installed to
/// /usr/bin without a bundle, and this runs on every scalar of every report. The table is
/// OpenCC's `TSCharacters.txt` (Apache-2.0, `Data/README.md`), reduced to one-scalar →
/// one-scalar entries by `scripts/generate-traditional-table.py`; a scalar outside the keys'
/// range costs two comparisons, one inside it a bit test, and only a key (traditional text)
/// a binary search.
///
/// The table maps traditional forms only: characters that are also simplified in their own
/// right (干, 后, 里, 台, 余, 周, 于, 面, 历, 发, 只, 准, 制, 征) are not keys, so simplified
/// text folds to itself.
enum TraditionalScript {
    /// The simplified form of `u`, or `u` itself when the table has no entry for it.
    static func simplified(_ u: Unicode.Scalar) -> Unicode.Scalar {
        typealias Table = TraditionalScriptTable
        let v = u.value
        guard v >= Table.lowest, v <= Table.highest else { return u }
        if v < Table.bitsEnd {
            let bit = Int(v &- Table.lowest)
            guard Table.keyBits[bit &>> 6] & (1 &<< UInt64(bit & 63)) != 0 else { return u }
        }
        let keys = Table.keys
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low &+ high) &>> 1
            if keys[mid] < v { low = mid &+ 1 } else { high = mid }
        }
        guard low < keys.count, keys[low] == v else { return u }
        return Unicode.Scalar(Table.simplified[low]) ?? u
    }
}
