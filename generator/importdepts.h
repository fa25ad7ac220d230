/* importdepts.h - the responsible units (责任单位) of an imported measure,
 * taken from the responsibility notes of its paragraph, for the depts="…"
 * attribute that `huibian import` writes.
 *
 * A note is a bracketed part of the paragraph (（…） or (…), nesting
 * counted) that either carries a label — 责任单位：, 牵头单位：, 配合单位：,
 * 责任部门：, … (any of 责任/牵头/配合/协办/参与/主办/主责/承办/协助/协作/
 * 实施/支持 + 单位/部门 + a colon) — or ends in 负责/落实/牵头/配合
 * ("（省财政厅、省科技厅等部门按职责分工负责）").  Without bracketed notes, a
 * label in running text ("责任单位：市商务局") starts one that runs to the
 * end of the paragraph.  A label without its colon is not one (so
 * "向责任单位申请" names nothing).
 *
 * Rules, in order:
 *  - a note ends at its first 。 or at a clause beginning with 以下
 *    ("以下均需各市、县级政府负责，不再列出" is a remark, not a unit);
 *  - clauses (split at ， ； , ;) take the role of the last label
 *    (牵头/主办/主责 = lead, 配合/协办/参与/协助/协作/支持 = support,
 *    otherwise plain) unless they end in 牵头 (lead) or 配合/参与/协助/协办
 *    (support);
 *  - verbs of responsibility are cut from the end of a clause and of each
 *    unit, repeatedly: 负责, 落实, 牵头, 配合, 参与, 协助, 协办, 分工, 职责,
 *    职能, 各自, 分别, 共同, 具体, 按照, 按, 根据, 依据, 依照, 实施, 推进
 *    (so …按照职责分工负责, …按职责分工牵头负责, …分别负责 all go); a
 *    leading 由 is cut too;
 *  - units are separated by 、; "A和B", "A及B", "A以及B", "A与B",
 *    "A会同B" are split only when both sides are unit names or generic
 *    units (below), so 工业和信息化厅 and 文化和旅游厅 stay whole;
 *  - "X等部门", "X等相关部门", "X等牵头部门", "X等单位", "X等" become X
 *    (the word after 等 must consist only of 相关/有关/其他/牵头/责任/配合/
 *    部门/单位/机构, so 高等学校 is kept);
 *  - in "郑州、洛阳、南阳市政府" the short names without a unit ending
 *    share the ending of the last one (郑州市政府, 洛阳市政府, 南阳市政府);
 *  - generic references are dropped, as they name no particular unit: a
 *    name that begins with 各 (各有关部门, 各级…专班, 各县（区）政府,
 *    各省辖市政府, 各市), contains 有关 or 相关 (省直各有关部门,
 *    有关区县〔市〕政府, 省有关行业主管部门), ends in 部门 (a kind of body,
 *    not a body: 行业主管部门; real units end in 部, 厅, 局, …), contains
 *    所在地 or 属地 or 级政府 / 级人民政府 (园区所在地市级政府, 县级政府),
 *    or ends in 成员单位;
 *  - a unit must end like a unit name (厅 局 委 办 部 院 署 会 司 处 室 所
 *    站 社 联 协 馆 台 组 校 区 队 银行 分行 中心 集团 公司 政府 海关, but
 *    not 社会 全部 市区 场所 平台 举办 …), except in labelled notes, where
 *    the whole note is a list of units and a name like 市文化广电旅游 (a
 *    misprint in a seed) is kept;
 *  - an item made only of the characters of those verbs (责分工负责, a verb
 *    broken off by the layout) is no unit;
 *  - units before the bracket that end in a broken-off 按照职/按职 belong to
 *    the note: "财政厅、商务厅按照职(责任单位：航空港区管委会、责分工负责)",
 *    a note whose second line the PDF text put before its bracket;
 *  - the result lists lead units first, then plain ones, then supporting
 *    ones, each once, in the order of the text.
 */
#ifndef HUIBIAN_IMPORTDEPTS_H
#define HUIBIAN_IMPORTDEPTS_H

#include "buf.h"

/* Append to out the responsible units named in the notes of paragraph para
 * (UTF-8, may contain line breaks and layout spaces), joined by 、; nothing
 * if it has no note.  The caller owns out. */
void import_depts(struct buf *out, const char *para);

#endif
