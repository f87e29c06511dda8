<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>错误：{message}（用法见 {prog} --help）</source>
        <translation>Error: {message} (see {prog} --help for usage)</translation>
    </message>
    <message>
        <source>网格办公：村（社区）微网格工作台。不带命令时打开图形界面。</source>
        <translation>GridOffice: the village (community) micro-grid workbench. Without a command it opens the window.</translation>
    </message>
    <message>
        <source>显示版本号并退出</source>
        <translation>show the version number and exit</translation>
    </message>
    <message>
        <source>打开演示村数据库（首次使用时自动生成）</source>
        <translation>Open the demo village database (created on first use)</translation>
    </message>
    <message>
        <source>操作日志里记下的操作员；默认取图形界面里保存的姓名，其次 GRIDOFFICE_OPERATOR，都没有时记为“未署名”</source>
        <translation>Operator recorded in the operation log; defaults to the name saved in the GUI, then GRIDOFFICE_OPERATOR, otherwise “Unsigned”</translation>
    </message>
    <message>
        <source>错误：{message}</source>
        <translation>Error: {message}</translation>
    </message>
    <message>
        <source>已取消。</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>详情已记入日志：{path}</source>
        <translation>Details were written to the log: {path}</translation>
    </message>
    <message>
        <source>程序出错：{error}。{where}</source>
        <translation>The program failed: {error}. {where}</translation>
    </message>
    <message>
        <source>查看操作日志：谁在什么时候改了什么</source>
        <translation>Show the audit log: who changed what, and when</translation>
    </message>
    <message>
        <source>只看这位居民（及其重点人群、走访等记录）</source>
        <translation>Only this resident (and their key-population, visit and other records)</translation>
    </message>
    <message>
        <source>只看这一户</source>
        <translation>Only this household</translation>
    </message>
    <message>
        <source>只看这个网格及其下级</source>
        <translation>Only this grid and the grids under it</translation>
    </message>
    <message>
        <source>只看这位操作员</source>
        <translation>Only this operator</translation>
    </message>
    <message>
        <source>从这天起</source>
        <translation>From this date</translation>
    </message>
    <message>
        <source>到这天止</source>
        <translation>Up to this date</translation>
    </message>
    <message>
        <source>最多显示多少条（默认 50）</source>
        <translation>Show at most this many entries (default 50)</translation>
    </message>
    <message>
        <source>身份证号和电话打码显示</source>
        <translation>Mask ID numbers and phones</translation>
    </message>
    <message>
        <source>输出 JSON</source>
        <translation>Output JSON</translation>
    </message>
    <message>
        <source>共 {total} 条，显示 {n} 条。</source>
        <translation>{total} entries, showing {n}.</translation>
    </message>
    <message>
        <source>立即备份数据库（默认放在数据文件夹的 backups 里）</source>
        <translation>Back up the database now (default: the backups folder in the data folder)</translation>
    </message>
    <message>
        <source>备份到这个文件夹（例如 U 盘）</source>
        <translation>Back up to this folder (e.g. a USB stick)</translation>
    </message>
    <message>
        <source>加密备份：从 GRIDOFFICE_BACKUP_PASSWORD 或键盘读取密码</source>
        <translation>Encrypted backup: password from GRIDOFFICE_BACKUP_PASSWORD or the keyboard</translation>
    </message>
    <message>
        <source>备份密码：</source>
        <translation>Backup password:</translation>
    </message>
    <message>
        <source>再输入一次：</source>
        <translation>Enter it again:</translation>
    </message>
    <message>
        <source>两次输入的密码不一样。</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>没有输入密码（可用环境变量 GRIDOFFICE_BACKUP_PASSWORD 提供）。</source>
        <translation>No password given (set GRIDOFFICE_BACKUP_PASSWORD to provide one).</translation>
    </message>
    <message>
        <source>备份密码不能为空。</source>
        <translation>The backup password cannot be empty.</translation>
    </message>
    <message>
        <source>已备份到：{path}</source>
        <translation>Backed up to: {path}</translation>
    </message>
    <message>
        <source>物资发放活动（健康爱心包）：建名单、登记发放、补发、发放率</source>
        <translation>Handout campaigns (health care kits): lists, handouts, late additions, coverage</translation>
    </message>
    <message>
        <source>新建发放活动并生成名单</source>
        <translation>Create a handout campaign and build its list</translation>
    </message>
    <message>
        <source>活动名称，例如 健康爱心包</source>
        <translation>Campaign name, e.g. Health care kit</translation>
    </message>
    <message>
        <source>基准日期（按这一天计算年龄）</source>
        <translation>Reference date (ages are counted on this day)</translation>
    </message>
    <message>
        <source>最低年龄（基准日当天满几岁）</source>
        <translation>Minimum age (reached on the reference date)</translation>
    </message>
    <message>
        <source>补发截止日期：此前年满最低年龄的人在刷新名单时加入（默认基准日后 30 天）</source>
        <translation>Re-issue window end: people reaching the minimum age by then join the list on refresh (default: 30 days after the reference date)</translation>
    </message>
    <message>
        <source>只发给某类重点人群（可重复）：elderly、disabled、dibao、aged_80_plus…</source>
        <translation>Only for a key-population category (repeatable): elderly, disabled, dibao, aged_80_plus…</translation>
    </message>
    <message>
        <source>只发给某些网格（网格编码，可重复）</source>
        <translation>Only for some grids (grid code, repeatable)</translation>
    </message>
    <message>
        <source>不限年龄和人群，发给范围内的每一位在册居民（不加此项时须给出 --min-age 或 --category）</source>
        <translation>No age or group limit: every registered resident in scope (without it, give --min-age or --category)</translation>
    </message>
    <message>
        <source>以 JSON 输出</source>
        <translation>Output JSON</translation>
    </message>
    <message>
        <source>列出发放活动</source>
        <translation>List handout campaigns</translation>
    </message>
    <message>
        <source>发放进度：应发、已发、待发，分微网格</source>
        <translation>Handout progress: due, handed out, pending, per micro-grid</translation>
    </message>
    <message>
        <source>活动编号</source>
        <translation>Campaign number</translation>
    </message>
    <message>
        <source>装包清单：每个微网格和合计的物资数量</source>
        <translation>Packing list: item quantities per micro-grid and in total</translation>
    </message>
    <message>
        <source>登记一人的发放</source>
        <translation>Record a handout to one person</translation>
    </message>
    <message>
        <source>领取人的身份证号</source>
        <translation>ID number of the recipient</translation>
    </message>
    <message>
        <source>发放人（网格员姓名）</source>
        <translation>Handed out by (grid worker&apos;s name)</translation>
    </message>
    <message>
        <source>代领人姓名</source>
        <translation>Name of the proxy collector</translation>
    </message>
    <message>
        <source>代领人与本人的关系</source>
        <translation>Proxy&apos;s relation to the recipient</translation>
    </message>
    <message>
        <source>上门送达（默认：到村委会领取）</source>
        <translation>Delivered to the door (default: collected at the village committee)</translation>
    </message>
    <message>
        <source>发放日期（默认今天）</source>
        <translation>Handout date (default today)</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>刷新名单：新符合条件的人加入（补发），迁出、死亡的人移出</source>
        <translation>Refresh the list: newly eligible people join (late handout), people who moved out or died leave</translation>
    </message>
    <message>
        <source>按哪一天刷新（默认今天）</source>
        <translation>Refresh as of this date (default today)</translation>
    </message>
    <message>
        <source>请用 --min-age 或 --category 说明发给谁；确实要发给每一位在册居民时加 --everyone。</source>
        <translation>Say who receives it with --min-age or --category; add --everyone to list every registered resident.</translation>
    </message>
    <message>
        <source>没有编码为 {code} 的网格。</source>
        <translation>No grid with code {code}.</translation>
    </message>
    <message>
        <source>已新建发放活动 {id}“{name}”，应发 {eligible} 人。</source>
        <translation>Created handout campaign {id} “{name}”: {eligible} people due.</translation>
    </message>
    <message>
        <source>还没有发放活动。</source>
        <translation>No handout campaigns yet.</translation>
    </message>
    <message>
        <source>{id}	{name}	基准日 {reference_date}	应发 {eligible}	已发 {handed}</source>
        <translation>{id}	{name}	reference date {reference_date}	due {eligible}	handed out {handed}</translation>
    </message>
    <message>
        <source>{name}：应发 {eligible}，已发 {handed}，待发 {pending}，拒领 {declined}，联系不上 {unreachable}，发放率 {rate:.1%}</source>
        <translation>{name}: due {eligible}, handed out {handed}, pending {pending}, declined {declined}, unreachable {unreachable}, coverage {rate:.1%}</translation>
    </message>
    <message>
        <source>一般网格	微网格	应发	已发	待发	发放率</source>
        <translation>General grid	Micro-grid	Due	Handed out	Pending	Coverage</translation>
    </message>
    <message>
        <source>共 {kits} 份。合计：</source>
        <translation>{kits} kits. Total:</translation>
    </message>
    <message>
        <source>微网格	份数	</source>
        <translation>Micro-grid	Kits	</translation>
    </message>
    <message>
        <source>没有名为“{name}”的在岗网格员。</source>
        <translation>No active grid worker named “{name}”.</translation>
    </message>
    <message>
        <source>有 {n} 位网格员叫“{name}”，请在图形界面里选择发放人。</source>
        <translation>{n} grid workers are named “{name}”; choose the one who handed out in the window.</translation>
    </message>
    <message>
        <source>已登记。</source>
        <translation>Recorded.</translation>
    </message>
    <message>
        <source>按 {on} 刷新：新加入 {joined} 人（补发），移出 {left} 人。</source>
        <translation>Refreshed as of {on}: {joined} joined (late handout), {left} removed.</translation>
    </message>
    <message>
        <source>  加入	{grid}	{name}</source>
        <translation>  joined	{grid}	{name}</translation>
    </message>
    <message>
        <source>  移出	{grid}	{name}	{reason}</source>
        <translation>  removed	{grid}	{name}	{reason}</translation>
    </message>
    <message>
        <source>打印网格架构图（总网格 → 一般网格 → 微网格，A3 横向）</source>
        <translation>Print the grid chart (community grid → general grids → micro-grids, A3 landscape)</translation>
    </message>
    <message>
        <source>村/社区（总网格）编码；默认数据库里的全部村/社区</source>
        <translation>Village/community (community grid) code; default: every village/community in the database</translation>
    </message>
    <message>
        <source>生成工作简报（A4 竖版 PDF：主要数据与上期对比、图表、事项流转、需关注网格）</source>
        <translation>Make a briefing (A4 portrait PDF: key figures compared with the last period, charts, matter flow, grids needing attention)</translation>
    </message>
    <message>
        <source>起始日期，例如 2023-01-01</source>
        <translation>Start date, e.g. 2023-01-01</translation>
    </message>
    <message>
        <source>截止日期，例如 2023-01-31</source>
        <translation>End date, e.g. 2023-01-31</translation>
    </message>
    <message>
        <source>只看这个网格（含下级网格），填网格编码</source>
        <translation>Only this grid (with its sub-grids): the grid code</translation>
    </message>
    <message>
        <source>输出 PDF 文件</source>
        <translation>Output PDF file</translation>
    </message>
    <message>
        <source>公示版：只有人数件数，小数字隐藏，不列重点人群和网格</source>
        <translation>Public version: only counts of people and matters, small numbers hidden, no key populations or grids</translation>
    </message>
    <message>
        <source>已生成工作简报 {n} 页：{out}</source>
        <translation>Briefing written, {n} pages: {out}</translation>
    </message>
    <message>
        <source>打印日期（默认今天）</source>
        <translation>Print date (default today)</translation>
    </message>
    <message>
        <source>已生成网格架构图 {n} 页：{out}</source>
        <translation>Grid chart written, {n} pages: {out}</translation>
    </message>
    <message>
        <source>数据库文件路径或 SQLAlchemy 地址（postgresql+psycopg://…）；默认取 GRIDOFFICE_DB 或数据文件夹</source>
        <translation>Database file path or SQLAlchemy URL (postgresql+psycopg://…); default: GRIDOFFICE_DB or the data folder</translation>
    </message>
    <message>
        <source>“{text}”不是日期：日期格式应为 2023-01-07 这样的年-月-日</source>
        <translation>“{text}” is not a date: write dates as year-month-day, e.g. 2023-01-07</translation>
    </message>
    <message>
        <source>程序密码：</source>
        <translation>Program password:</translation>
    </message>
    <message>
        <source>未署名</source>
        <translation>Unsigned</translation>
    </message>
    <message>
        <source>请检查 --operator。</source>
        <translation>Please check --operator.</translation>
    </message>
    <message>
        <source>请在“设置”里改短。</source>
        <translation>Please shorten it in Settings.</translation>
    </message>
    <message>
        <source>环境变量 GRIDOFFICE_OPERATOR 含有无法识别的字符（不是 UTF-8 编码），请重新设置。</source>
        <translation>The environment variable GRIDOFFICE_OPERATOR contains unreadable characters (not UTF-8). Please set it again.</translation>
    </message>
    <message>
        <source>请检查 GRIDOFFICE_OPERATOR。</source>
        <translation>Please check GRIDOFFICE_OPERATOR.</translation>
    </message>
    <message>
        <source>操作员姓名太长：最多 {n} 个字。</source>
        <translation>Operator name too long: at most {n} characters.</translation>
    </message>
    <message>
        <source>数据库结构版本</source>
        <translation>Database schema version</translation>
    </message>
    <message>
        <source>把数据库升级到本程序的结构版本（先自动备份）</source>
        <translation>Upgrade the database to this program&apos;s schema version (backs up first)</translation>
    </message>
    <message>
        <source>显示数据库和程序的结构版本</source>
        <translation>Show the schema versions of the database and the program</translation>
    </message>
    <message>
        <source>已升级到 {head}。升级前的文件已另存为：{copy}</source>
        <translation>Upgraded to {head}. The file before the upgrade was saved as: {copy}</translation>
    </message>
    <message>
        <source>数据库已是最新结构版本 {head}。</source>
        <translation>The database is already at the latest schema version {head}.</translation>
    </message>
    <message>
        <source>数据库结构版本：{current}</source>
        <translation>Database schema version: {current}</translation>
    </message>
    <message>
        <source>（空数据库）</source>
        <translation>(empty database)</translation>
    </message>
    <message>
        <source>程序结构版本：{head}</source>
        <translation>Program schema version: {head}</translation>
    </message>
    <message>
        <source>生成演示数据（虚构的村或街道）</source>
        <translation>Generate demo data (a fictitious village or street)</translation>
    </message>
    <message>
        <source>village：一个村（约 4,000 人）；street：一个街道（约 15 万人）</source>
        <translation>village: one village (about 4,000 people); street: one street office (about 150,000 people)</translation>
    </message>
    <message>
        <source>随机种子，同一种子生成相同数据</source>
        <translation>Random seed; the same seed gives the same data</translation>
    </message>
    <message>
        <source>走访、事项和发放活动截至哪一天（默认今天）；出生日期不随之变化</source>
        <translation>the day visits, matters and hand-out campaigns run up to (default today); birth dates do not move with it</translation>
    </message>
    <message>
        <source>村的编码（仅 village），网格编码和户号都以它开头，默认 YMC</source>
        <translation>the village&apos;s code (village only); grid codes and household numbers start with it; default YMC</translation>
    </message>
    <message>
        <source>村的名称（仅 village），默认 禹庙村</source>
        <translation>the village&apos;s name (village only); default 禹庙村</translation>
    </message>
    <message>
        <source>请用 --db 指定新数据库的文件，例如 --db village.db</source>
        <translation>Give the new database&apos;s file with --db, e.g. --db village.db</translation>
    </message>
    <message>
        <source>只有村（--scale village）可以指定编码和名称。</source>
        <translation>Only a village (--scale village) takes a code and a name.</translation>
    </message>
    <message>
        <source>已生成演示数据：{grids} 个网格，{staff} 名网格员，{households} 户，{persons} 人（{seconds:.1f} 秒）。</source>
        <translation>Demo data generated: {grids} grids, {staff} grid workers, {households} households, {persons} people ({seconds:.1f} s).</translation>
    </message>
    <message>
        <source>（没有公示版）</source>
        <translation>(no public version)</translation>
    </message>
    <message>
        <source>导出台账：存为 .xlsx（Excel，可再编辑）或 .pdf（直接打印，A4）。</source>
        <translation>Export a ledger: save as .xlsx (Excel, editable) or .pdf (ready to print, A4).</translation>
    </message>
    <message>
        <source>可导出的台账（LEDGER）：</source>
        <translation>Ledgers that can be exported (LEDGER):</translation>
    </message>
    <message>
        <source>导出台账（花名册、重点人群、发放签收表、走访、事项、汇总表等），Excel 或 PDF</source>
        <translation>Export ledgers (roster, key populations, hand-out receipts, visits, matters, summaries, …) as Excel or PDF</translation>
    </message>
    <message>
        <source>台账名称，见上面的列表</source>
        <translation>Ledger name, see the list above</translation>
    </message>
    <message>
        <source>保存到哪个文件：.xlsx（Excel）或 .pdf（直接打印）</source>
        <translation>File to save: .xlsx (Excel) or .pdf (ready to print)</translation>
    </message>
    <message>
        <source>只导出这个网格（含下级网格），填网格编码</source>
        <translation>Export only this grid (with the grids under it): give the grid code</translation>
    </message>
    <message>
        <source>台账日期（计算年龄、返乡在村等），默认今天</source>
        <translation>Ledger date (for ages, returnees in the village, …), default today</translation>
    </message>
    <message>
        <source>公示版：身份证号、手机号打码，不含重点人群等敏感列</source>
        <translation>Public version: ID numbers and phones masked, no key-population or other sensitive columns</translation>
    </message>
    <message>
        <source>发放台账（handout、handout-coverage、packing）用哪次发放活动，默认最近一次</source>
        <translation>Which handout campaign the handout ledgers (handout, handout-coverage, packing) use; default the newest</translation>
    </message>
    <message>
        <source>起始日期（走访记录等按时段的台账）</source>
        <translation>Start date (for ledgers over a period, e.g. visit records)</translation>
    </message>
    <message>
        <source>截止日期（走访记录等按时段的台账）</source>
        <translation>End date (for ledgers over a period, e.g. visit records)</translation>
    </message>
    <message>
        <source>没有名为“{key}”的台账。可导出的台账：{names}</source>
        <translation>No ledger named “{key}”. Ledgers you can export: {names}</translation>
    </message>
    <message>
        <source>{sheets} 张表，{rows} 行</source>
        <translation>{sheets} sheets, {rows} rows</translation>
    </message>
    <message>
        <source>{sheets} 个工作表，{rows} 行</source>
        <translation>{sheets} worksheets, {rows} rows</translation>
    </message>
    <message>
        <source>已导出{label}：{path}（{counted}）</source>
        <translation>Exported {label}: {path} ({counted})</translation>
    </message>
    <message>
        <source>查找人员：姓名、拼音首字母、身份证后几位、电话、地址</source>
        <translation>Find people: name, pinyin initials, last digits of the ID number, phone, address</translation>
    </message>
    <message>
        <source>要找的内容，如 张伟、wxy、1234、13812345678</source>
        <translation>What to find, e.g. 张伟, wxy, 1234, 13812345678</translation>
    </message>
    <message>
        <source>最多列出几条（默认 50）</source>
        <translation>List at most this many (default 50)</translation>
    </message>
    <message>
        <source>请给出要查找的内容</source>
        <translation>Give what to search for</translation>
    </message>
    <message>
        <source>--limit 应为正整数</source>
        <translation>--limit must be a positive whole number</translation>
    </message>
    <message>
        <source>没有找到“{query}”</source>
        <translation>Nothing found for “{query}”</translation>
    </message>
    <message>
        <source>网格结构：列出、检查、划分住户、花名册</source>
        <translation>Grid structure: list, check, assign households, staff roster</translation>
    </message>
    <message>
        <source>列出网格树及户数</source>
        <translation>List the grid tree with household counts</translation>
    </message>
    <message>
        <source>以 JSON 输出（嵌套的树）</source>
        <translation>Output JSON (a nested tree)</translation>
    </message>
    <message>
        <source>检查网格结构：户数、网格长、家庭医生、服务团队、电话、未划入的住户</source>
        <translation>Check the grid structure: household counts, grid leaders, family doctors, service teams, phones, unassigned households</translation>
    </message>
    <message>
        <source>以 JSON 输出（对象列表：kind、grid_code、message…）</source>
        <translation>Output JSON (a list of objects: kind, grid_code, message…)</translation>
    </message>
    <message>
        <source>把选中的住户划入一个微网格（记入审计）</source>
        <translation>Assign the selected households to a micro-grid (audited)</translation>
    </message>
    <message>
        <source>目标微网格编码</source>
        <translation>Target micro-grid code</translation>
    </message>
    <message>
        <source>只选这个网格（及其下级）里的住户</source>
        <translation>Only households in this grid (and the grids under it)</translation>
    </message>
    <message>
        <source>村民小组，如 7组</source>
        <translation>Villagers&apos; group, e.g. 7组</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Residential compound</translation>
    </message>
    <message>
        <source>楼栋，如 3栋</source>
        <translation>Building, e.g. 3栋</translation>
    </message>
    <message>
        <source>单元</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>门牌 / 房号范围，如 1-20</source>
        <translation>Door / flat number range, e.g. 1-20</translation>
    </message>
    <message>
        <source>只选未划入微网格的住户</source>
        <translation>Only households not yet in a micro-grid</translation>
    </message>
    <message>
        <source>只列出会移动的住户，不修改</source>
        <translation>Only list the households that would move; change nothing</translation>
    </message>
    <message>
        <source>网格员花名册（按村/社区）</source>
        <translation>Grid worker roster (per village/community)</translation>
    </message>
    <message>
        <source>村（社区）编码；只有一个时可省略</source>
        <translation>Village (community) code; may be left out when there is only one</translation>
    </message>
    <message>
        <source>新建网格</source>
        <translation>New grid</translation>
    </message>
    <message>
        <source>上级网格编码（不填：最上层）</source>
        <translation>Parent grid code (empty: top level)</translation>
    </message>
    <message>
        <source>层级：community 总网格、general 一般网格、micro 微网格、dedicated 专属网格</source>
        <translation>Level: community, general, micro or dedicated grid</translation>
    </message>
    <message>
        <source>覆盖范围，如 7组、8组</source>
        <translation>Area covered, e.g. 7组, 8组</translation>
    </message>
    <message>
        <source>改名、改编码、改覆盖范围</source>
        <translation>Rename, change the code or the area covered</translation>
    </message>
    <message>
        <source>把网格（连同下级和住户）移到另一个上级</source>
        <translation>Move a grid (with the grids and households under it) to another parent</translation>
    </message>
    <message>
        <source>把同级网格并入一个网格（住户、下级网格、岗位随之并入）</source>
        <translation>Merge sibling grids into one grid (households, sub-grids and posts go with them)</translation>
    </message>
    <message>
        <source>从一个网格拆出新网格（按门牌选住户，或选下级网格）</source>
        <translation>Split a new grid off a grid (households by door number, or sub-grids)</translation>
    </message>
    <message>
        <source>新网格编码</source>
        <translation>New grid code</translation>
    </message>
    <message>
        <source>新网格名称</source>
        <translation>New grid name</translation>
    </message>
    <message>
        <source>门牌 / 房号范围内的住户分到新网格</source>
        <translation>Households in the door / flat number range go to the new grid</translation>
    </message>
    <message>
        <source>这些下级网格分到新网格</source>
        <translation>These sub-grids go to the new grid</translation>
    </message>
    <message>
        <source>{n} 户</source>
        <translation>{n} households</translation>
    </message>
    <message>
        <source>未划入网格的住户：{n} 户</source>
        <translation>Households in no grid: {n}</translation>
    </message>
    <message>
        <source>共 {n} 项问题</source>
        <translation>{n} problems</translation>
    </message>
    <message>
        <source>门牌范围应写成“起-止”，如 1-20：{text}</source>
        <translation>Write a door range as “from-to”, e.g. 1-20: {text}</translation>
    </message>
    <message>
        <source>请至少给出一个选择条件（--group、--compound、--building、--doors、--from-grid 或 --unassigned）</source>
        <translation>Give at least one condition (--group, --compound, --building, --doors, --from-grid or --unassigned)</translation>
    </message>
    <message>
        <source>将移动 {n} 户（未修改）</source>
        <translation>{n} households would move (nothing changed)</translation>
    </message>
    <message>
        <source>没有需要移动的住户</source>
        <translation>No households need to move</translation>
    </message>
    <message>
        <source>找不到村（社区）编码：{code}</source>
        <translation>Village (community) code not found: {code}</translation>
    </message>
    <message>
        <source>数据库里有 {n} 个村（社区），请用 --community 指定编码</source>
        <translation>The database has {n} villages (communities); give the code with --community</translation>
    </message>
    <message>
        <source>请给出 --name、--code 或 --covers</source>
        <translation>Give --name, --code or --covers</translation>
    </message>
    <message>
        <source>请用 --doors 选住户，或用 --children 选下级网格</source>
        <translation>Choose households with --doors, or sub-grids with --children</translation>
    </message>
    <message>
        <source>导入现有的花名册（.xlsx / .xls）</source>
        <translation>Import an existing roster (.xlsx / .xls)</translation>
    </message>
    <message>
        <source>花名册文件</source>
        <translation>Roster file</translation>
    </message>
    <message>
        <source>只检查，不写入数据库</source>
        <translation>Only check; do not write to the database</translation>
    </message>
    <message>
        <source>把未导入的行连同原因写到这个文件，改正后可再导入</source>
        <translation>Write the rows not imported, with the reasons, to this file; correct them and import again</translation>
    </message>
    <message>
        <source>以 JSON 输出报告</source>
        <translation>Output the report as JSON</translation>
    </message>
    <message>
        <source>新建微网格所属的一般网格编码</source>
        <translation>Code of the general grid for new micro-grids</translation>
    </message>
    <message>
        <source>只在这个网格（如某村）之内按名称匹配微网格</source>
        <translation>Match micro-grids by name only within this grid (e.g. a village)</translation>
    </message>
    <message>
        <source>工作表名称（默认：找到表头的第一个工作表）</source>
        <translation>Sheet name (default: the first sheet with a header row)</translation>
    </message>
    <message>
        <source>表头所在行号（默认自动识别）</source>
        <translation>Header row number (default: found automatically)</translation>
    </message>
    <message>
        <source>改正列的对应，如 --map 联系人电话=phone 或 --map D=id_number；字段为 none 表示不导入</source>
        <translation>Correct a column mapping, e.g. --map 联系人电话=phone or --map D=id_number; field none means do not import</translation>
    </message>
    <message>
        <source>按哪一天核对“老年人”等年龄标记（默认今天）</source>
        <translation>Date for checking age marks such as “elderly” (default today)</translation>
    </message>
    <message>
        <source>--map 应写成 列=字段，例如 --map 手机=phone</source>
        <translation>Write --map as column=field, e.g. --map 手机=phone</translation>
    </message>
    <message>
        <source>未知字段 {key}，可用：{keys}</source>
        <translation>Unknown field {key}; available: {keys}</translation>
    </message>
    <message>
        <source>表头里没有“{column}”这一列</source>
        <translation>The header has no column “{column}”</translation>
    </message>
    <message>
        <source>无法写入未导入的行 {path}：{error}</source>
        <translation>Could not write the rows not imported to {path}: {error}</translation>
    </message>
    <message>
        <source>检查已完成</source>
        <translation>The check is done</translation>
    </message>
    <message>
        <source>导入已完成（见上）</source>
        <translation>The import is done (see above)</translation>
    </message>
    <message>
        <source>{done}，但{problem}</source>
        <translation>{done}, but: {problem}</translation>
    </message>
    <message>
        <source>数据库里找不到的微网格，新建到 --under 指定的一般网格下；不加 --under 时按花名册的社区、一般网格、微网格列新建整个结构（不加此项则这些住户暂不分配网格）</source>
        <translation>Create micro-grids not found in the database under the general grid given by --under; without --under, build the whole structure from the roster&apos;s community, general grid and micro-grid columns (without this option those households stay unassigned)</translation>
    </message>
    <message>
        <source>--under 只和 --create-grids 一起用（新建的微网格放在哪个一般网格下）</source>
        <translation>--under is used only with --create-grids (the general grid the new micro-grids go under)</translation>
    </message>
    <message>
        <source>--create-grids 需要用 --under 指定新微网格所属的一般网格编码，或花名册里有“一般网格”列（和“社区”列）以便按文件新建网格结构</source>
        <translation>--create-grids needs --under with the code of the general grid for new micro-grids, or a “general grid” column (and a “community” column) in the roster to build the grid structure from the file</translation>
    </message>
    <message>
        <source>检查结果（未写入）</source>
        <translation>Check result (nothing written)</translation>
    </message>
    <message>
        <source>导入完成</source>
        <translation>Import finished</translation>
    </message>
    <message>
        <source>{head}：{file}，工作表“{sheet}”，表头在第 {row} 行</source>
        <translation>{head}: {file}, sheet “{sheet}”, header in row {row}</translation>
    </message>
    <message>
        <source>读取 {rows} 行：新增 {added} 人，更新 {updated} 人，无变化 {same} 人；未导入 {rejected} 行，跳过 {skipped} 行，提醒 {warned} 行</source>
        <translation>{rows} rows read: {added} people added, {updated} updated, {same} unchanged; {rejected} rows not imported, {skipped} skipped, {warned} with warnings</translation>
    </message>
    <message>
        <source>住户：文件中 {inf} 户，新增 {added} 户，更新 {updated} 户</source>
        <translation>Households: {inf} in the file, {added} added, {updated} updated</translation>
    </message>
    <message>
        <source>健康信息：新增 {added} 人，更新 {updated} 人</source>
        <translation>Health information: {added} added, {updated} updated</translation>
    </message>
    <message>
        <source>  提醒 表头“{column}”（第 {n} 列）与第 {kept_n} 列“{kept}”是同一项，这一列没有导入；可用 --map 改正</source>
        <translation>  Note: header &quot;{column}&quot; (column {n}) is the same field as column {kept_n} &quot;{kept}&quot;; this column was not imported (correct it with --map)</translation>
    </message>
    <message>
        <source>  未导入 第{row}行 {name}：{why}</source>
        <translation>  not imported, row {row} {name}: {why}</translation>
    </message>
    <message>
        <source>  跳过 第{row}行：{why}</source>
        <translation>  skipped, row {row}: {why}</translation>
    </message>
    <message>
        <source>  提醒 第{row}行 {name}：{why}</source>
        <translation>  warning, row {row} {name}: {why}</translation>
    </message>
    <message>
        <source>（库里有 {n} 个同名网格：{codes}，可用 --within 村或社区编码）</source>
        <translation>(the database has {n} grids with this name: {codes}; use --within with the village or community code)</translation>
    </message>
    <message>
        <source>  找不到网格“{name}”{why}：{households} 户暂不分配网格（可用 --create-grids --under 编码 新建）</source>
        <translation>  grid “{name}” not found{why}: {households} households left unassigned (use --create-grids --under CODE to create it)</translation>
    </message>
    <message>
        <source>新建微网格：{names}</source>
        <translation>New micro-grids: {names}</translation>
    </message>
    <message>
        <source>未导入的行已写入：{path}</source>
        <translation>Rows not imported written to: {path}</translation>
    </message>
    <message>
        <source>导入前的备份：{path}</source>
        <translation>Backup before the import: {path}</translation>
    </message>
    <message>
        <source>“{text}”不是时间：时间格式应为 2023-01-07 09:30 这样的年-月-日 时:分</source>
        <translation>“{text}” is not a time: write times as year-month-day hour:minute, e.g. 2023-01-07 09:30</translation>
    </message>
    <message>
        <source>民情事项登记：列表、登记、办理、办结、转办、用时统计</source>
        <translation>Residents&apos; matters: list, record, handle, close, transfer, time statistics</translation>
    </message>
    <message>
        <source>列出事项（按状态、网格、类别、办理人筛选）</source>
        <translation>List matters (filter by state, grid, category, handler)</translation>
    </message>
    <message>
        <source>状态；open 表示待处理和处理中</source>
        <translation>State; open means pending and in progress</translation>
    </message>
    <message>
        <source>网格编码（含下级）</source>
        <translation>Grid code (with the grids under it)</translation>
    </message>
    <message>
        <source>事项类别</source>
        <translation>Matter category</translation>
    </message>
    <message>
        <source>办理人姓名</source>
        <translation>Handler&apos;s name</translation>
    </message>
    <message>
        <source>只列超期未办结的</source>
        <translation>Only overdue matters not yet closed</translation>
    </message>
    <message>
        <source>登记一件事项</source>
        <translation>Record a matter</translation>
    </message>
    <message>
        <source>类别，如 求助、矛盾纠纷、设施报修</source>
        <translation>Category, e.g. 求助, 矛盾纠纷, 设施报修</translation>
    </message>
    <message>
        <source>事项内容</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>所在网格编码</source>
        <translation>Grid code</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>反映人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>反映时间（默认现在）</source>
        <translation>Reported at (default now)</translation>
    </message>
    <message>
        <source>事项编号</source>
        <translation>Matter number</translation>
    </message>
    <message>
        <source>时间（默认现在）</source>
        <translation>Time (default now)</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>转到哪里</source>
        <translation>Transferred to</translation>
    </message>
    <message>
        <source>响应用时和办结用时的中位数（按月或按网格）</source>
        <translation>Median response and closing times (per month or per grid)</translation>
    </message>
    <message>
        <source>登记日期起</source>
        <translation>Recorded from</translation>
    </message>
    <message>
        <source>登记日期止</source>
        <translation>Recorded up to</translation>
    </message>
    <message>
        <source>没有编码为 {code} 的网格</source>
        <translation>No grid with code {code}</translation>
    </message>
    <message>
        <source>网格员名单里没有 {name}</source>
        <translation>{name} is not on the grid worker list</translation>
    </message>
    <message>
        <source>名单里有 {n} 位 {name}，请在图形界面中选择</source>
        <translation>The list has {n} people named {name}; choose in the window</translation>
    </message>
    <message>
        <source>共 {n} 件</source>
        <translation>{n} matters</translation>
    </message>
    <message>
        <source>【超期】</source>
        <translation>[overdue]</translation>
    </message>
    <message>
        <source>已登记，事项编号 {id}</source>
        <translation>Recorded as matter {id}</translation>
    </message>
    <message>
        <source>65岁以上居民健康分级（红黄绿）：分级名单、评分规则、床头联系卡</source>
        <translation>Health tiers (red/yellow/green) of residents over 65: tier lists, scoring rules, bedside contact cards</translation>
    </message>
    <message>
        <source>各网格红黄绿人数和名单</source>
        <translation>Red/yellow/green counts and lists per grid</translation>
    </message>
    <message>
        <source>查看或修改分级评分规则</source>
        <translation>Show or change the tier scoring rules</translation>
    </message>
    <message>
        <source>例：--set vaccine 未全程 2；--set threshold 红 4；--set call 红 1；分值写 default 恢复默认</source>
        <translation>E.g. --set vaccine 未全程 2; --set threshold 红 4; --set call 红 1; points “default” restores the default</translation>
    </message>
    <message>
        <source>打印红、黄分级居民的床头联系卡（A6，一张 A4 四张）</source>
        <translation>Print bedside contact cards for residents in the red and yellow tiers (A6, four per A4 sheet)</translation>
    </message>
    <message>
        <source>微网格编码</source>
        <translation>Micro-grid code</translation>
    </message>
    <message>
        <source>哪一周（这一周内任意一天，默认今天）</source>
        <translation>Which week (any day in it; default today)</translation>
    </message>
    <message>
        <source>登记（或续签、取消）一位居民的家庭医生签约</source>
        <translation>Record (or renew, or cancel) a resident&apos;s family-doctor contract</translation>
    </message>
    <message>
        <source>居民身份证号</source>
        <translation>Resident&apos;s ID number</translation>
    </message>
    <message>
        <source>打印红色分级居民一周的每日电话随访表，或用 --log 列出这一周打过的电话</source>
        <translation>Print the week&apos;s daily phone follow-up sheet for red-tier residents, or use --log to list the calls made this week</translation>
    </message>
    <message>
        <source>微网格编码（打印时必填）</source>
        <translation>Micro-grid code (required when printing)</translation>
    </message>
    <message>
        <source>不打印，列出这一周的电话随访记录和各网格打通人数</source>
        <translation>Don&apos;t print; list this week&apos;s phone follow-ups and how many were reached in each grid</translation>
    </message>
    <message>
        <source>以 JSON 输出（与 --log 同用）</source>
        <translation>Output as JSON (with --log)</translation>
    </message>
    <message>
        <source>登记今天给一位居民打了随访电话（打通或未接通）</source>
        <translation>Record a follow-up call to a resident today (reached or not reached)</translation>
    </message>
    <message>
        <source>打通了（默认）</source>
        <translation>Reached (default)</translation>
    </message>
    <message>
        <source>没有接通</source>
        <translation>Not reached</translation>
    </message>
    <message>
        <source>随访人（默认操作员）</source>
        <translation>Caller (default: the operator)</translation>
    </message>
    <message>
        <source>简短情况记录</source>
        <translation>Short note</translation>
    </message>
    <message>
        <source>哪一天打的（默认今天）</source>
        <translation>Day of the call (default: today)</translation>
    </message>
    <message>
        <source>家庭医生姓名（须有家庭医生岗位）；不写则取消签约</source>
        <translation>Family doctor&apos;s name (must hold a family-doctor post); omit to cancel the contract</translation>
    </message>
    <message>
        <source>签约日期（默认今天）</source>
        <translation>Contract date (default today)</translation>
    </message>
    <message>
        <source>到期日期（默认一年）</source>
        <translation>Expiry date (default one year)</translation>
    </message>
    <message>
        <source>各微网格家庭医生签约率（全体、65岁以上、重点人群）和即将到期的签约</source>
        <translation>Family-doctor contract rates per micro-grid (everyone, over 65, key populations) and contracts about to expire</translation>
    </message>
    <message>
        <source>按哪一天（默认今天）</source>
        <translation>As of which day (default today)</translation>
    </message>
    <message>
        <source>列出多少天内到期的签约（默认 30）</source>
        <translation>List contracts expiring within this many days (default 30)</translation>
    </message>
    <message>
        <source>流动接种名单（行动不便、未全程接种的65岁以上居民），或登记在流动接种点接种的一剂</source>
        <translation>Mobile vaccination list (residents over 65 with limited mobility and incomplete vaccination), or record a dose given at a mobile vaccination point</translation>
    </message>
    <message>
        <source>接种日（默认今天）</source>
        <translation>Vaccination day (default today)</translation>
    </message>
    <message>
        <source>登记此人今天（或 --on 那天）接种了一剂</source>
        <translation>Record that this person received a dose today (or on the --on day)</translation>
    </message>
    <message>
        <source>记下本周各网格红黄绿人数（降红降黄的趋势），并列出历次记录</source>
        <translation>Record this week&apos;s red/yellow/green counts per grid (the trend of reducing red and yellow) and list past records</translation>
    </message>
    <message>
        <source>哪一周（默认本周）</source>
        <translation>Which week (default this week)</translation>
    </message>
    <message>
        <source>村卫生室名称（代替设置里的，并记住，下次沿用）</source>
        <translation>Village clinic name (overrides the setting and is remembered for next time)</translation>
    </message>
    <message>
        <source>村卫生室电话（代替设置里的，并记住，下次沿用）</source>
        <translation>Village clinic phone (overrides the setting and is remembered for next time)</translation>
    </message>
    <message>
        <source>{on}：65岁以上 {n} 人</source>
        <translation>{on}: {n} people over 65</translation>
    </message>
    <message>
        <source>（人工：{reason}）</source>
        <translation>(manual: {reason})</translation>
    </message>
    <message>
        <source>慢病 {state}</source>
        <translation>Chronic disease {state}</translation>
    </message>
    <message>
        <source>疫苗 {state}</source>
        <translation>Vaccine {state}</translation>
    </message>
    <message>
        <source>分值应为整数或 default：{points}</source>
        <translation>Points must be a whole number or default: {points}</translation>
    </message>
    <message>
        <source>已生成 {n} 张床头联系卡：{path}</source>
        <translation>{n} bedside contact cards written: {path}</translation>
    </message>
    <message>
        <source>打印每日电话随访表要写 --grid 微网格编码 和 --out 文件；只看记录请用 --log</source>
        <translation>To print the daily phone follow-up sheet give --grid with a micro-grid code and --out with a file; to just see the records use --log</translation>
    </message>
    <message>
        <source>已生成每日电话随访表（{n} 人）：{path}</source>
        <translation>Daily phone follow-up sheet written ({n} people): {path}</translation>
    </message>
    <message>
        <source>已登记{what}</source>
        <translation>Recorded {what}</translation>
    </message>
    <message>
        <source>已{what}</source>
        <translation>Done: {what}</translation>
    </message>
    <message>
        <source>天数应在 0 到 366 之间</source>
        <translation>Days must be between 0 and 366</translation>
    </message>
    <message>
        <source>全体</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <source>65岁以上</source>
        <translation>Over 65</translation>
    </message>
    <message>
        <source>{n} 人的签约将在 {days} 天内到期：</source>
        <translation>{n} contracts expire within {days} days:</translation>
    </message>
    <message>
        <source>流动接种名单（{on}）：{n} 人</source>
        <translation>Mobile vaccination list ({on}): {n} people</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Matters</translation>
    </message>
    <message>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>转办</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>响应用时中位数（小时）</source>
        <translation>Median response time (hours)</translation>
    </message>
    <message>
        <source>办结用时中位数（天）</source>
        <translation>Median closing time (days)</translation>
    </message>
    <message>
        <source>打印网格信息公示牌（每个微网格一张）</source>
        <translation>Print grid notice-board posters (one per micro-grid)</translation>
    </message>
    <message>
        <source>微网格编码；给上级网格编码时打印其下全部微网格</source>
        <translation>Micro-grid code; a higher grid&apos;s code prints all micro-grids under it</translation>
    </message>
    <message>
        <source>全部微网格</source>
        <translation>All micro-grids</translation>
    </message>
    <message>
        <source>输出 PDF 文件；--all 时为文件夹（每个微网格一个文件）</source>
        <translation>Output PDF file; with --all a folder (one file per micro-grid)</translation>
    </message>
    <message>
        <source>--all 时全部写进一个 PDF</source>
        <translation>With --all, write everything into one PDF</translation>
    </message>
    <message>
        <source>纸张（默认 A4）</source>
        <translation>Paper (default A4)</translation>
    </message>
    <message>
        <source>--all 时 --out 是文件夹；要一个文件请加 --one-file</source>
        <translation>With --all, --out is a folder; add --one-file for a single file</translation>
    </message>
    <message>
        <source>已生成 {n} 个公示牌文件：{out}</source>
        <translation>{n} poster files written: {out}</translation>
    </message>
    <message>
        <source>网格信息公示牌.pdf</source>
        <translation>grid-posters.pdf</translation>
    </message>
    <message>
        <source>已生成 {n} 张公示牌：{out}</source>
        <translation>{n} posters written: {out}</translation>
    </message>
    <message>
        <source>从备份文件恢复数据库（先检查备份，并保存当前数据）</source>
        <translation>Restore the database from a backup (checks the backup and saves the current data first)</translation>
    </message>
    <message>
        <source>备份文件（.db 或加密的 .gobak）</source>
        <translation>Backup file (.db or encrypted .gobak)</translation>
    </message>
    <message>
        <source>不再询问，直接恢复</source>
        <translation>Do not ask; restore at once</translation>
    </message>
    <message>
        <source>恢复会替换当前数据，需要确认；没有可用的输入，请加 --yes。</source>
        <translation>Restoring replaces the current data and needs confirmation; no input is available, so add --yes.</translation>
    </message>
    <message>
        <source>备份文件：{path}</source>
        <translation>Backup file: {path}</translation>
    </message>
    <message>
        <source>备份时间：{made}；单位：{office}；户数 {households}，人数 {persons}。</source>
        <translation>Backed up: {made}; office: {office}; {households} households, {persons} people.</translation>
    </message>
    <message>
        <source>用这个备份替换当前数据库吗？当前数据会先另存一份。[y/N] </source>
        <translation>Replace the current database with this backup? The current data is saved first. [y/N] </translation>
    </message>
    <message>
        <source>没有恢复。</source>
        <translation>Not restored.</translation>
    </message>
    <message>
        <source>已恢复为 {made} 的备份。恢复前的数据已另存为：{safety}</source>
        <translation>Restored the backup of {made}. The data before the restore was saved as: {safety}</translation>
    </message>
    <message>
        <source>打印数据库的基本数字</source>
        <translation>Print the database&apos;s key figures</translation>
    </message>
    <message>
        <source>按哪一天计算年龄（默认今天）</source>
        <translation>Date for counting ages (default today)</translation>
    </message>
    <message>
        <source>统计日期：{on}</source>
        <translation>As of: {on}</translation>
    </message>
    <message>
        <source>重点人员每周走访：应访名单、登记走访、走访规则</source>
        <translation>Weekly visits to key people: who is due, record visits, visit rules</translation>
    </message>
    <message>
        <source>列出本周应访和逾期未访的重点人员</source>
        <translation>List key people due this week or overdue</translation>
    </message>
    <message>
        <source>只看这个网格（及其下级），填网格编码</source>
        <translation>Only this grid (and the grids under it): give the grid code</translation>
    </message>
    <message>
        <source>哪一周（这一周内任意一天，默认今天；周一至周日）</source>
        <translation>Which week (any day in it, default today; Monday to Sunday)</translation>
    </message>
    <message>
        <source>只列逾期的</source>
        <translation>Only overdue</translation>
    </message>
    <message>
        <source>登记一次入户走访（同一户可一次登记多人）</source>
        <translation>Record a home visit (several people of one household at once)</translation>
    </message>
    <message>
        <source>户号；不写 --person 时记为整户走访</source>
        <translation>Household number; without --person it counts as a visit to the whole household</translation>
    </message>
    <message>
        <source>被访人身份证号（可重复，须同一户）</source>
        <translation>ID number of the person visited (repeatable, same household)</translation>
    </message>
    <message>
        <source>走访日期（默认今天）</source>
        <translation>Visit date (default today)</translation>
    </message>
    <message>
        <source>走访人姓名（可重复；网格员名单里有的记为网格员）</source>
        <translation>Visitor&apos;s name (repeatable; names on the grid worker list count as grid workers)</translation>
    </message>
    <message>
        <source>查看或修改走访规则（各类重点人群、各风险等级的走访间隔天数）</source>
        <translation>Show or change the visit rules (days between visits per key-population category and risk level)</translation>
    </message>
    <message>
        <source>例：--set elderly 高 7；风险等级留空写 -；天数写 default 恢复默认</source>
        <translation>E.g. --set elderly 高 7; write - for no risk level; days default restores the default</translation>
    </message>
    <message>
        <source>{monday} 至 {sunday} 这一周：应访或逾期 {n} 人</source>
        <translation>Week {monday} to {sunday}: {n} people due or overdue</translation>
    </message>
    <message>
        <source>从未走访</source>
        <translation>Never visited</translation>
    </message>
    <message>
        <source>{d} 天前</source>
        <translation>{d} days ago</translation>
    </message>
    <message>
        <source>每 {n} 天</source>
        <translation>Every {n} days</translation>
    </message>
    <message>
        <source>五到家服务：登记一次服务、按网格和类型统计</source>
        <translation>“Five to the home” services: record a service, counts by grid and type</translation>
    </message>
    <message>
        <source>登记一次五到家服务（送医、温暖、预防、互助、宣传到家）</source>
        <translation>Record a “five to the home” service (medical care, warmth, prevention, mutual aid, information to the home)</translation>
    </message>
    <message>
        <source>服务类型：{types}</source>
        <translation>Service types: {types}</translation>
    </message>
    <message>
        <source>服务对象身份证号（须是这一户的人；不写为整户）</source>
        <translation>ID number of the person served (must be in this household; omit for the whole household)</translation>
    </message>
    <message>
        <source>服务日期（默认今天）</source>
        <translation>Service date (default today)</translation>
    </message>
    <message>
        <source>服务人姓名</source>
        <translation>Name of the person who served</translation>
    </message>
    <message>
        <source>某月各微网格各类服务次数</source>
        <translation>Services per micro-grid and type in a month</translation>
    </message>
    <message>
        <source>这个月内任意一天（默认本月）</source>
        <translation>Any day in the month (default this month)</translation>
    </message>
    <message>
        <source>没有户号为 {number} 的户</source>
        <translation>No household with number {number}</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>没有身份证号为 {number} 的居民</source>
        <translation>No resident with ID number {number}</translation>
    </message>
    <message>
        <source>天数应为整数或 default：{days}</source>
        <translation>Days must be a whole number or default: {days}</translation>
    </message>
    <message>
        <source>已修改{what}</source>
        <translation>Changed {what}</translation>
    </message>
    <message>
        <source>（默认）</source>
        <translation>(default)</translation>
    </message>
    <message>
        <source>不定期</source>
        <translation>As needed</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>总网格</source>
        <translation>Community grid</translation>
    </message>
    <message>
        <source>一般网格</source>
        <translation>General grid</translation>
    </message>
    <message>
        <source>微网格</source>
        <translation>Micro-grid</translation>
    </message>
    <message>
        <source>专属网格</source>
        <translation>Dedicated grid</translation>
    </message>
    <message>
        <source>总网格长</source>
        <translation>Community grid leader</translation>
    </message>
    <message>
        <source>一般网格长</source>
        <translation>General grid leader</translation>
    </message>
    <message>
        <source>微网格长</source>
        <translation>Micro-grid leader</translation>
    </message>
    <message>
        <source>微网格员</source>
        <translation>Micro-grid worker</translation>
    </message>
    <message>
        <source>网格指导员</source>
        <translation>Grid instructor</translation>
    </message>
    <message>
        <source>家庭医生</source>
        <translation>Family doctor</translation>
    </message>
    <message>
        <source>社区民警</source>
        <translation>Community police officer</translation>
    </message>
    <message>
        <source>楼栋长</source>
        <translation>Building head</translation>
    </message>
    <message>
        <source>单元长</source>
        <translation>Unit head</translation>
    </message>
    <message>
        <source>物业</source>
        <translation>Property management</translation>
    </message>
    <message>
        <source>志愿者</source>
        <translation>Volunteer</translation>
    </message>
    <message>
        <source>在册</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>迁出</source>
        <translation>Moved out</translation>
    </message>
    <message>
        <source>死亡</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>常住</source>
        <translation>Resident</translation>
    </message>
    <message>
        <source>空挂</source>
        <translation>Registered only</translation>
    </message>
    <message>
        <source>出租</source>
        <translation>Rented out</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>本人</source>
        <translation>Self</translation>
    </message>
    <message>
        <source>配偶</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>夫</source>
        <translation>Husband</translation>
    </message>
    <message>
        <source>妻</source>
        <translation>Wife</translation>
    </message>
    <message>
        <source>子</source>
        <translation>Son</translation>
    </message>
    <message>
        <source>独生子</source>
        <translation>Only son</translation>
    </message>
    <message>
        <source>长子</source>
        <translation>Eldest son</translation>
    </message>
    <message>
        <source>次子</source>
        <translation>Second son</translation>
    </message>
    <message>
        <source>三子</source>
        <translation>Third son</translation>
    </message>
    <message>
        <source>四子</source>
        <translation>Fourth son</translation>
    </message>
    <message>
        <source>五子</source>
        <translation>Fifth son</translation>
    </message>
    <message>
        <source>养子或继子</source>
        <translation>Adopted son or stepson</translation>
    </message>
    <message>
        <source>其他儿子</source>
        <translation>Other son</translation>
    </message>
    <message>
        <source>女</source>
        <translation>Daughter</translation>
    </message>
    <message>
        <source>独生女</source>
        <translation>Only daughter</translation>
    </message>
    <message>
        <source>长女</source>
        <translation>Eldest daughter</translation>
    </message>
    <message>
        <source>次女</source>
        <translation>Second daughter</translation>
    </message>
    <message>
        <source>三女</source>
        <translation>Third daughter</translation>
    </message>
    <message>
        <source>四女</source>
        <translation>Fourth daughter</translation>
    </message>
    <message>
        <source>五女</source>
        <translation>Fifth daughter</translation>
    </message>
    <message>
        <source>养女或继女</source>
        <translation>Adopted daughter or stepdaughter</translation>
    </message>
    <message>
        <source>其他女儿</source>
        <translation>Other daughter</translation>
    </message>
    <message>
        <source>公公</source>
        <translation>Father-in-law (husband&apos;s father)</translation>
    </message>
    <message>
        <source>婆婆</source>
        <translation>Mother-in-law (husband&apos;s mother)</translation>
    </message>
    <message>
        <source>岳父</source>
        <translation>Father-in-law (wife&apos;s father)</translation>
    </message>
    <message>
        <source>岳母</source>
        <translation>Mother-in-law (wife&apos;s mother)</translation>
    </message>
    <message>
        <source>继父或养父</source>
        <translation>Stepfather or adoptive father</translation>
    </message>
    <message>
        <source>继母或养母</source>
        <translation>Stepmother or adoptive mother</translation>
    </message>
    <message>
        <source>其他父母关系</source>
        <translation>Other parent relation</translation>
    </message>
    <message>
        <source>祖父母、外祖父母</source>
        <translation>Grandparents</translation>
    </message>
    <message>
        <source>祖父</source>
        <translation>Grandfather (paternal)</translation>
    </message>
    <message>
        <source>祖母</source>
        <translation>Grandmother (paternal)</translation>
    </message>
    <message>
        <source>外祖父</source>
        <translation>Grandfather (maternal)</translation>
    </message>
    <message>
        <source>外祖母</source>
        <translation>Grandmother (maternal)</translation>
    </message>
    <message>
        <source>配偶的祖父母或外祖父母</source>
        <translation>Spouse&apos;s grandparents</translation>
    </message>
    <message>
        <source>曾祖父</source>
        <translation>Great-grandfather</translation>
    </message>
    <message>
        <source>曾祖母</source>
        <translation>Great-grandmother</translation>
    </message>
    <message>
        <source>配偶的曾祖父母或外曾祖父母</source>
        <translation>Spouse&apos;s great-grandparents</translation>
    </message>
    <message>
        <source>其他祖父母或外祖父母关系</source>
        <translation>Other grandparent relation</translation>
    </message>
    <message>
        <source>兄、弟、姐、妹</source>
        <translation>Brothers and sisters</translation>
    </message>
    <message>
        <source>兄</source>
        <translation>Elder brother</translation>
    </message>
    <message>
        <source>嫂</source>
        <translation>Elder brother&apos;s wife</translation>
    </message>
    <message>
        <source>弟</source>
        <translation>Younger brother</translation>
    </message>
    <message>
        <source>弟媳</source>
        <translation>Younger brother&apos;s wife</translation>
    </message>
    <message>
        <source>姐姐</source>
        <translation>Elder sister</translation>
    </message>
    <message>
        <source>姐夫</source>
        <translation>Elder sister&apos;s husband</translation>
    </message>
    <message>
        <source>妹妹</source>
        <translation>Younger sister</translation>
    </message>
    <message>
        <source>妹夫</source>
        <translation>Younger sister&apos;s husband</translation>
    </message>
    <message>
        <source>其他兄弟姐妹</source>
        <translation>Other sibling</translation>
    </message>
    <message>
        <source>伯父</source>
        <translation>Uncle (father&apos;s elder brother)</translation>
    </message>
    <message>
        <source>伯母</source>
        <translation>Aunt (wife of father&apos;s elder brother)</translation>
    </message>
    <message>
        <source>叔父</source>
        <translation>Uncle (father&apos;s younger brother)</translation>
    </message>
    <message>
        <source>婶母</source>
        <translation>Aunt (wife of father&apos;s younger brother)</translation>
    </message>
    <message>
        <source>舅父</source>
        <translation>Uncle (mother&apos;s brother)</translation>
    </message>
    <message>
        <source>舅母</source>
        <translation>Aunt (wife of mother&apos;s brother)</translation>
    </message>
    <message>
        <source>姨父</source>
        <translation>Uncle (husband of mother&apos;s sister)</translation>
    </message>
    <message>
        <source>姨母</source>
        <translation>Aunt (mother&apos;s sister)</translation>
    </message>
    <message>
        <source>姑父</source>
        <translation>Uncle (husband of father&apos;s sister)</translation>
    </message>
    <message>
        <source>姑母</source>
        <translation>Aunt (father&apos;s sister)</translation>
    </message>
    <message>
        <source>堂兄弟、堂姐妹</source>
        <translation>Cousins (paternal)</translation>
    </message>
    <message>
        <source>表兄弟、表姐妹</source>
        <translation>Cousins</translation>
    </message>
    <message>
        <source>孙子女</source>
        <translation>Grandchild</translation>
    </message>
    <message>
        <source>孙子</source>
        <translation>Grandson</translation>
    </message>
    <message>
        <source>孙女</source>
        <translation>Granddaughter</translation>
    </message>
    <message>
        <source>孙子、孙女、外孙子、外孙女</source>
        <translation>Grandchildren</translation>
    </message>
    <message>
        <source>外孙子</source>
        <translation>Grandson (daughter&apos;s son)</translation>
    </message>
    <message>
        <source>外孙女</source>
        <translation>Granddaughter (daughter&apos;s daughter)</translation>
    </message>
    <message>
        <source>孙媳妇或外孙媳妇</source>
        <translation>Grandson&apos;s wife</translation>
    </message>
    <message>
        <source>孙女婿或外孙女婿</source>
        <translation>Granddaughter&apos;s husband</translation>
    </message>
    <message>
        <source>曾孙子或外曾孙子</source>
        <translation>Great-grandson</translation>
    </message>
    <message>
        <source>曾孙女或外曾孙女</source>
        <translation>Great-granddaughter</translation>
    </message>
    <message>
        <source>其他孙子、孙女、外孙子、外孙女</source>
        <translation>Other grandchild</translation>
    </message>
    <message>
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <source>父亲</source>
        <translation>Father</translation>
    </message>
    <message>
        <source>母亲</source>
        <translation>Mother</translation>
    </message>
    <message>
        <source>兄弟姐妹</source>
        <translation>Sibling</translation>
    </message>
    <message>
        <source>其他亲属</source>
        <translation>Other relative</translation>
    </message>
    <message>
        <source>侄子</source>
        <translation>Nephew (brother&apos;s son)</translation>
    </message>
    <message>
        <source>侄女</source>
        <translation>Niece (brother&apos;s daughter)</translation>
    </message>
    <message>
        <source>外甥</source>
        <translation>Nephew (sister&apos;s son)</translation>
    </message>
    <message>
        <source>外甥女</source>
        <translation>Niece (sister&apos;s daughter)</translation>
    </message>
    <message>
        <source>非亲属</source>
        <translation>Not related</translation>
    </message>
    <message>
        <source>未填写身份证号</source>
        <translation>No ID number given</translation>
    </message>
    <message>
        <source>身份证号已被 Excel 当作数字保存，后几位已丢失，无法恢复，请按原件重新录入（单元格设为文本）</source>
        <translation>Excel stored the ID number as a number and its last digits are lost; re-enter it from the card (format the cell as text)</translation>
    </message>
    <message>
        <source>这是 15 位旧身份证号，请换成 18 位号码</source>
        <translation>This is an old 15-digit ID number; replace it with the 18-digit one</translation>
    </message>
    <message>
        <source>身份证号应为 18 位</source>
        <translation>An ID number has 18 characters</translation>
    </message>
    <message>
        <source>身份证号只能含数字，最后一位可以是 X</source>
        <translation>An ID number has only digits; the last may be X</translation>
    </message>
    <message>
        <source>身份证号中的出生日期不存在</source>
        <translation>The birth date in the ID number does not exist</translation>
    </message>
    <message>
        <source>身份证号中的出生日期晚于今天</source>
        <translation>The birth date in the ID number is after today</translation>
    </message>
    <message>
        <source>身份证号校验位不对，可能有一位输错</source>
        <translation>The ID number&apos;s check digit is wrong; one digit may be mistyped</translation>
    </message>
    <message>
        <source>电话号码含有数字以外的字符</source>
        <translation>The phone number has characters other than digits</translation>
    </message>
    <message>
        <source>手机号应为 11 位，以 13–19 开头</source>
        <translation>A mobile number has 11 digits starting with 13–19</translation>
    </message>
    <message>
        <source>电话号码位数不对（手机 11 位，座机区号加 7–8 位）</source>
        <translation>Wrong number of digits (mobile 11; landline area code plus 7–8)</translation>
    </message>
    <message>
        <source>视力</source>
        <translation>Visual</translation>
    </message>
    <message>
        <source>听力</source>
        <translation>Hearing</translation>
    </message>
    <message>
        <source>言语</source>
        <translation>Speech</translation>
    </message>
    <message>
        <source>肢体</source>
        <translation>Physical</translation>
    </message>
    <message>
        <source>智力</source>
        <translation>Intellectual</translation>
    </message>
    <message>
        <source>精神</source>
        <translation>Mental</translation>
    </message>
    <message>
        <source>多重</source>
        <translation>Multiple</translation>
    </message>
    <message>
        <source>一级</source>
        <translation>Grade 1</translation>
    </message>
    <message>
        <source>二级</source>
        <translation>Grade 2</translation>
    </message>
    <message>
        <source>三级</source>
        <translation>Grade 3</translation>
    </message>
    <message>
        <source>四级</source>
        <translation>Grade 4</translation>
    </message>
    <message>
        <source>老年人</source>
        <translation>Elderly</translation>
    </message>
    <message>
        <source>居住情况</source>
        <translation>Living situation</translation>
    </message>
    <message>
        <source>独居</source>
        <translation>Living alone</translation>
    </message>
    <message>
        <source>空巢</source>
        <translation>Empty nest</translation>
    </message>
    <message>
        <source>与子女同住</source>
        <translation>Lives with children</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>自理能力</source>
        <translation>Self-care</translation>
    </message>
    <message>
        <source>自理</source>
        <translation>Independent</translation>
    </message>
    <message>
        <source>半自理</source>
        <translation>Partly dependent</translation>
    </message>
    <message>
        <source>不能自理</source>
        <translation>Dependent</translation>
    </message>
    <message>
        <source>紧急联系人</source>
        <translation>Emergency contact</translation>
    </message>
    <message>
        <source>紧急联系电话</source>
        <translation>Emergency phone</translation>
    </message>
    <message>
        <source>留守儿童</source>
        <translation>Left-behind child</translation>
    </message>
    <message>
        <source>监护人</source>
        <translation>Guardian</translation>
    </message>
    <message>
        <source>与监护人关系</source>
        <translation>Relation to guardian</translation>
    </message>
    <message>
        <source>父母外出情况</source>
        <translation>Parents away</translation>
    </message>
    <message>
        <source>双亲外出</source>
        <translation>Both parents away</translation>
    </message>
    <message>
        <source>一方外出另一方无监护能力</source>
        <translation>One parent away, the other unable to care</translation>
    </message>
    <message>
        <source>慢病患者</source>
        <translation>Chronic patient</translation>
    </message>
    <message>
        <source>疾病</source>
        <translation>Illness</translation>
    </message>
    <message>
        <source>高血压</source>
        <translation>Hypertension</translation>
    </message>
    <message>
        <source>糖尿病</source>
        <translation>Diabetes</translation>
    </message>
    <message>
        <source>结核病</source>
        <translation>Tuberculosis</translation>
    </message>
    <message>
        <source>严重精神障碍</source>
        <translation>Severe mental disorder</translation>
    </message>
    <message>
        <source>心脑血管病</source>
        <translation>Cardio-cerebrovascular disease</translation>
    </message>
    <message>
        <source>慢阻肺</source>
        <translation>COPD</translation>
    </message>
    <message>
        <source>肿瘤</source>
        <translation>Cancer</translation>
    </message>
    <message>
        <source>家庭医生签约</source>
        <translation>Family doctor contract</translation>
    </message>
    <message>
        <source>签约医生</source>
        <translation>Contracted doctor</translation>
    </message>
    <message>
        <source>残疾人</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>残疾类别</source>
        <translation>Disability type</translation>
    </message>
    <message>
        <source>残疾等级</source>
        <translation>Disability grade</translation>
    </message>
    <message>
        <source>残疾证号</source>
        <translation>Disability card number</translation>
    </message>
    <message>
        <source>重度残疾人护理补贴</source>
        <translation>Severe disability care allowance</translation>
    </message>
    <message>
        <source>困难残疾人生活补贴</source>
        <translation>Living allowance for needy disabled</translation>
    </message>
    <message>
        <source>孕产妇</source>
        <translation>Pregnant or postpartum</translation>
    </message>
    <message>
        <source>预产期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>高危</source>
        <translation>High risk</translation>
    </message>
    <message>
        <source>产后</source>
        <translation>Postpartum</translation>
    </message>
    <message>
        <source>低保</source>
        <translation>Dibao (minimum living allowance)</translation>
    </message>
    <message>
        <source>低保证号</source>
        <translation>Dibao card number</translation>
    </message>
    <message>
        <source>起始年月</source>
        <translation>Since (month)</translation>
    </message>
    <message>
        <source>月保障金（元）</source>
        <translation>Monthly allowance (yuan)</translation>
    </message>
    <message>
        <source>特困</source>
        <translation>Tekun (extreme poverty support)</translation>
    </message>
    <message>
        <source>特困证号</source>
        <translation>Tekun card number</translation>
    </message>
    <message>
        <source>供养方式</source>
        <translation>Support type</translation>
    </message>
    <message>
        <source>分散供养</source>
        <translation>Supported at home</translation>
    </message>
    <message>
        <source>集中供养</source>
        <translation>Supported in an institution</translation>
    </message>
    <message>
        <source>网格架构图</source>
        <translation>Grid chart</translation>
    </message>
    <message>
        <source>{name} 微网实格网格架构图</source>
        <translation>{name} micro-grid chart</translation>
    </message>
    <message>
        <source>（{page}/{pages}）</source>
        <translation>({page}/{pages})</translation>
    </message>
    <message>
        <source>一般网格 {g} 个 · 微网格 {m} 个 · 住户 {h} 户</source>
        <translation>{g} general grids · {m} micro-grids · {h} households</translation>
    </message>
    <message>
        <source>打印日期：{on}</source>
        <translation>Printed: {on}</translation>
    </message>
    <message>
        <source>总网格 · {name}</source>
        <translation>Community grid · {name}</translation>
    </message>
    <message>
        <source>（{h} 户）</source>
        <translation>({h} households)</translation>
    </message>
    <message>
        <source>第 {page} 页 / 共 {pages} 页</source>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>长</source>
        <translation>L</translation>
    </message>
    <message>
        <source>员</source>
        <translation>S</translation>
    </message>
    <message>
        <source>医</source>
        <translation>D</translation>
    </message>
    <message>
        <source>导</source>
        <translation>I</translation>
    </message>
    <message>
        <source>警</source>
        <translation>P</translation>
    </message>
    <message>
        <source>楼</source>
        <translation>B</translation>
    </message>
    <message>
        <source>单</source>
        <translation>U</translation>
    </message>
    <message>
        <source>图例：{legend}</source>
        <translation>Key: {legend}</translation>
    </message>
    <message>
        <source>等 {n} 人（{posts}）</source>
        <translation>and {n} more ({posts})</translation>
    </message>
    <message>
        <source>等 {n} 人</source>
        <translation>and {n} more</translation>
    </message>
    <message>
        <source>（未配备）</source>
        <translation>(not staffed)</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>持平</source>
        <translation>unchanged</translation>
    </message>
    <message>
        <source> 个百分点</source>
        <translation> percentage points</translation>
    </message>
    <message>
        <source>第 {n} 页</source>
        <translation>Page {n}</translation>
    </message>
    <message>
        <source>内部资料 注意保密</source>
        <translation>Internal — confidential</translation>
    </message>
    <message>
        <source>{period}（{start} 至 {end}，对比{previous}）</source>
        <translation>{period} ({start} to {end}, compared with {previous})</translation>
    </message>
    <message>
        <source>编制单位：{office}</source>
        <translation>Prepared by: {office}</translation>
    </message>
    <message>
        <source>数据截至：{end}</source>
        <translation>Data as of: {end}</translation>
    </message>
    <message>
        <source>办结率</source>
        <translation>Closure rate</translation>
    </message>
    <message>
        <source>一、主要数据</source>
        <translation>1. Key figures</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>二、情况摘要</source>
        <translation>2. Summary</translation>
    </message>
    <message>
        <source>三、图表</source>
        <translation>3. Charts</translation>
    </message>
    <message>
        <source>四、民情事项流转</source>
        <translation>4. Residents&apos; matters flow</translation>
    </message>
    <message>
        <source>五、需要关注的网格</source>
        <translation>5. Grids needing attention</translation>
    </message>
    <message>
        <source>走访逾期（人）</source>
        <translation>Visits overdue (people)</translation>
    </message>
    <message>
        <source>超30天未办结（件）</source>
        <translation>Open over 30 days (matters)</translation>
    </message>
    <message>
        <source>没有走访逾期、发放进度偏低或长期未办结事项的网格。</source>
        <translation>No grid has overdue visits, low hand-out progress or long-open matters.</translation>
    </message>
    <message>
        <source>纸张只能是 A4 或 A3：{paper}</source>
        <translation>Paper can only be A4 or A3: {paper}</translation>
    </message>
    <message>
        <source>网格信息公示牌</source>
        <translation>Grid notice board</translation>
    </message>
    <message>
        <source>住户 {n} 户</source>
        <translation>{n} households</translation>
    </message>
    <message>
        <source>服务范围：</source>
        <translation>Area served:</translation>
    </message>
    <message>
        <source>微网实格 · 联系我们</source>
        <translation>Micro-grid · contact us</translation>
    </message>
    <message>
        <source>（本网格尚未登记网格员）</source>
        <translation>(no grid worker recorded for this grid yet)</translation>
    </message>
    <message>
        <source>（未登记）</source>
        <translation>(not recorded)</translation>
    </message>
    <message>
        <source>打印日期：{on}    网格编码：{code}</source>
        <translation>Printed: {on}    Grid code: {code}</translation>
    </message>
    <message>
        <source>（不导入）</source>
        <translation>(do not import)</translation>
    </message>
    <message>
        <source>文件里没有名为“{name}”的工作表。</source>
        <translation>The file has no sheet named “{name}”.</translation>
    </message>
    <message>
        <source>找不到文件：{path}</source>
        <translation>File not found: {path}</translation>
    </message>
    <message>
        <source>这是一个文件夹，不是表格文件：{path}</source>
        <translation>This is a folder, not a spreadsheet: {path}</translation>
    </message>
    <message>
        <source>不支持这种文件（{suffix}）。请选择 Excel 表格（.xlsx 或 .xls）。</source>
        <translation>This kind of file is not supported ({suffix}). Choose an Excel spreadsheet (.xlsx or .xls).</translation>
    </message>
    <message>
        <source>文件是空的（0 字节），可能没有保存完整。</source>
        <translation>The file is empty (0 bytes); it may not have been saved completely.</translation>
    </message>
    <message>
        <source>这个表格设置了打开密码。请在 Excel 或 WPS 里取消密码后另存，再导入。</source>
        <translation>This spreadsheet has an opening password. Remove it in Excel or WPS, save, and import again.</translation>
    </message>
    <message>
        <source>无法读取文件：{error}</source>
        <translation>Cannot read the file: {error}</translation>
    </message>
    <message>
        <source>文件已损坏，或者不是 Excel 表格，无法读取。请在 Excel 或 WPS 里打开后另存为 .xlsx 再试。</source>
        <translation>The file is damaged or not an Excel spreadsheet. Open it in Excel or WPS, save it as .xlsx and try again.</translation>
    </message>
    <message>
        <source>表格里没有任何内容。</source>
        <translation>The spreadsheet is empty.</translation>
    </message>
    <message>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <source>原行号</source>
        <translation>Original row</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>未导入的行（改正后可再次导入）</source>
        <translation>Rows not imported (correct them and import again)</translation>
    </message>
    <message>
        <source>空行</source>
        <translation>Empty row</translation>
    </message>
    <message>
        <source>小计行</source>
        <translation>Subtotal row</translation>
    </message>
    <message>
        <source>合计行</source>
        <translation>Total row</translation>
    </message>
    <message>
        <source>签字栏或说明</source>
        <translation>Signature line or note</translation>
    </message>
    <message>
        <source>重复的表头</source>
        <translation>Repeated header</translation>
    </message>
    <message>
        <source>没有姓名</source>
        <translation>No name</translation>
    </message>
    <message>
        <source>没有身份证号：按户号、姓名和出生日期识别此人</source>
        <translation>No ID number: the person is identified by household number, name and birth date</translation>
    </message>
    <message>
        <source>出生日期“{value}”看不懂</source>
        <translation>Cannot read the birth date “{value}”</translation>
    </message>
    <message>
        <source>性别填的是“{sex}”，与身份证号（{id_sex}）不符，以身份证号为准</source>
        <translation>Sex given as “{sex}” does not match the ID number ({id_sex}); the ID number is used</translation>
    </message>
    <message>
        <source>出生日期 {born} 与身份证号（{id_born}）不符，以身份证号为准</source>
        <translation>Birth date {born} does not match the ID number ({id_born}); the ID number is used</translation>
    </message>
    <message>
        <source>性别“{value}”看不懂</source>
        <translation>Cannot read the sex “{value}”</translation>
    </message>
    <message>
        <source>出生日期晚于今天</source>
        <translation>The birth date is after today</translation>
    </message>
    <message>
        <source>与户主关系“{value}”无法识别，已记入备注</source>
        <translation>Relation to head “{value}” not recognised; kept in the note</translation>
    </message>
    <message>
        <source>与户主关系：{value}</source>
        <translation>Relation to head: {value}</translation>
    </message>
    <message>
        <source>其他电话：{value}</source>
        <translation>Other phone: {value}</translation>
    </message>
    <message>
        <source>电话“{value}”不是有效号码（{why}），已记入备注</source>
        <translation>Phone “{value}” is not a valid number ({why}); kept in the note</translation>
    </message>
    <message>
        <source>电话：{value}</source>
        <translation>Phone: {value}</translation>
    </message>
    <message>
        <source>民族“{value}”无法识别，已记入备注</source>
        <translation>Ethnic group “{value}” not recognised; kept in the note</translation>
    </message>
    <message>
        <source>民族：{value}</source>
        <translation>Ethnic group: {value}</translation>
    </message>
    <message>
        <source>“{field}”太长（超过 {limit} 字）</source>
        <translation>“{field}” is too long (over {limit} characters)</translation>
    </message>
    <message>
        <source>人员类别“{value}”无法识别，已记入备注</source>
        <translation>Person category “{value}” not recognised; kept in the note</translation>
    </message>
    <message>
        <source>人员类别：{value}</source>
        <translation>Person category: {value}</translation>
    </message>
    <message>
        <source>标为“{mark}”，但按出生日期 {on} 时为 {age} 岁</source>
        <translation>Marked “{mark}”, but by the birth date the age on {on} is {age}</translation>
    </message>
    <message>
        <source>与第 {row} 行身份证号相同，是同一人重复录入</source>
        <translation>Same ID number as row {row}: the same person entered twice</translation>
    </message>
    <message>
        <source>与第 {row} 行同户、同名、同出生日期，是重复录入</source>
        <translation>Same household, name and birth date as row {row}: entered twice</translation>
    </message>
    <message>
        <source>床头联系卡</source>
        <translation>Bedside contact card</translation>
    </message>
    <message>
        <source>有事请拨打</source>
        <translation>If you need help, call</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>情况记录</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>随访人：__________    每日电话随访，打通打 √，未接通打 ×，情况写在最后一栏</source>
        <translation>Caller: __________    Daily phone follow-up: mark √ if reached, × if not reached; write notes in the last column</translation>
    </message>
    <message>
        <source>{label}“{mine}”与同户第 {row} 行的“{theirs}”不同，本户按第 {row} 行</source>
        <translation>{label} “{mine}” differs from “{theirs}” in row {row} of the same household; row {row} is used</translation>
    </message>
    <message>
        <source>{y}年{m}月{d}日</source>
        <translation>{y}-{m}-{d}</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>已取消导出，没有生成文件。</source>
        <translation>Export cancelled; no file was written.</translation>
    </message>
    <message>
        <source>第 {page} 页 / </source>
        <translation>Page {page} / </translation>
    </message>
    <message>
        <source>共 {pages} 页</source>
        <translation>{pages} pages</translation>
    </message>
    <message>
        <source>公示</source>
        <translation>public</translation>
    </message>
    <message>
        <source>（{notes}）</source>
        <translation> ({notes})</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>填报单位（盖章）：{office}</source>
        <translation>Office (stamp): {office}</translation>
    </message>
    <message>
        <source>填报日期：{date}</source>
        <translation>Date: {date}</translation>
    </message>
    <message>
        <source>注：为保护个人隐私，1–2 人的数写作“{small}”；能由它和合计推算出来的数也隐去，写作“{hidden}”。合计、小计按实际人数计算。</source>
        <translation>Note: to protect privacy, counts of 1–2 people are shown as “{small}”; counts that could be worked out from them and the totals are hidden too, shown as “{hidden}”. Totals and subtotals use the actual numbers.</translation>
    </message>
    <message>
        <source>{label}：</source>
        <translation>{label}: </translation>
    </message>
    <message>
        <source>（无符合条件的记录）</source>
        <translation>(no matching records)</translation>
    </message>
    <message>
        <source>第&amp;P页 共&amp;N页</source>
        <translation>Page &amp;P of &amp;N</translation>
    </message>
    <message>
        <source>网格办公</source>
        <translation>GridOffice</translation>
    </message>
    <message>
        <source>原密码不对，密码没有改。</source>
        <translation>The old password is wrong; the password was not changed.</translation>
    </message>
    <message>
        <source>密码至少要 {n} 个字符。</source>
        <translation>The password needs at least {n} characters.</translation>
    </message>
    <message>
        <source>已设置</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>设置程序密码</source>
        <translation>Set the program password</translation>
    </message>
    <message>
        <source>密码不对，没有取消。</source>
        <translation>Wrong password; nothing was removed.</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>取消程序密码</source>
        <translation>Remove the program password</translation>
    </message>
    <message>
        <source>这个数据库设了程序密码，请输入密码。</source>
        <translation>This database has a program password; enter it.</translation>
    </message>
    <message>
        <source>（命令行可用环境变量 GRIDOFFICE_PASSWORD）</source>
        <translation> (on the command line: GRIDOFFICE_PASSWORD)</translation>
    </message>
    <message>
        <source>程序密码不对。</source>
        <translation>Wrong program password.</translation>
    </message>
    <message>
        <source>没有选中任何住户。</source>
        <translation>No household selected.</translation>
    </message>
    <message>
        <source>目标网格不存在。</source>
        <translation>The target grid does not exist.</translation>
    </message>
    <message>
        <source>住户只能划入微网格或专属网格，“{name}”不是。</source>
        <translation>Households can only go into micro-grids or dedicated grids; “{name}” is neither.</translation>
    </message>
    <message>
        <source>有 {n} 户不存在或已删除，未做任何调整。</source>
        <translation>{n} households do not exist or were deleted; nothing was changed.</translation>
    </message>
    <message>
        <source>把 {n} 户划入{name}</source>
        <translation>Assign {n} households to {name}</translation>
    </message>
    <message>
        <source>撤销：</source>
        <translation>Undo: </translation>
    </message>
    <message>
        <source>居民</source>
        <translation>Resident</translation>
    </message>
    <message>
        <source>住户</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid worker</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>重点人群</source>
        <translation>Key populations</translation>
    </message>
    <message>
        <source>返乡人员</source>
        <translation>Returnees</translation>
    </message>
    <message>
        <source>发放活动</source>
        <translation>Handout campaign</translation>
    </message>
    <message>
        <source>物品</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>发放调整</source>
        <translation>Handout adjustment</translation>
    </message>
    <message>
        <source>发放名单</source>
        <translation>Handout list</translation>
    </message>
    <message>
        <source>走访规则</source>
        <translation>Visit rules</translation>
    </message>
    <message>
        <source>走访</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>走访人</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>数据交换：导出、导入签名数据包，回执，冲突处理，街道汇总台</source>
        <translation>Data exchange: export and import signed packages, receipts, conflicts, street summary desk</translation>
    </message>
    <message>
        <source>导出数据包（自上次回执以来的变化，或 --full 全部）</source>
        <translation>Export an exchange package (changes since the last receipt, or everything with --full)</translation>
    </message>
    <message>
        <source>数据包文件，例如 禹庙村-12月.gopkg</source>
        <translation>Package file, e.g. 禹庙村-12月.gopkg</translation>
    </message>
    <message>
        <source>导出全部记录，而不只是变化</source>
        <translation>Export all records, not only the changes</translation>
    </message>
    <message>
        <source>同时打印报送封面（单位、序号、行数、校验值）到这个 PDF</source>
        <translation>Also print the submission cover sheet (office, number, rows, checksum) to this PDF</translation>
    </message>
    <message>
        <source>aggregate：只有各网格的统计数（默认）；pseudonymous：居民以化名键代替身份证号；full：全部</source>
        <translation>aggregate: only counts per grid (default); pseudonymous: residents keyed by pseudonym instead of ID number; full: everything</translation>
    </message>
    <message>
        <source>迁户：导出这一户（成员、重点人群、健康档案）给迁入的村，本村同时把该户标为迁出（可撤销）</source>
        <translation>Household transfer: export this household (members, key populations, health records) for the village it moves to, and mark it here as moved out (can be undone)</translation>
    </message>
    <message>
        <source>迁户时迁往的单位（行政区划代码或名称）</source>
        <translation>For a household transfer: the office it moves to (administrative division code or name)</translation>
    </message>
    <message>
        <source>迁出日期（默认今天）</source>
        <translation>Move-out date (default: today)</translation>
    </message>
    <message>
        <source>导入数据包（先用 --dry-run 查看会发生什么）</source>
        <translation>Import an exchange package (use --dry-run first to see what would happen)</translation>
    </message>
    <message>
        <source>数据包文件（.gopkg）</source>
        <translation>Package file (.gopkg)</translation>
    </message>
    <message>
        <source>只报告新增、更新、未变、冲突和拒收，不写入</source>
        <translation>Only report new, updated, unchanged, conflicting and rejected records; write nothing</translation>
    </message>
    <message>
        <source>包的序号不连续时也导入（确认缺的包已作废）</source>
        <translation>Import even when package numbers are not consecutive (once the missing packages are confirmed void)</translation>
    </message>
    <message>
        <source>回执写到哪里（默认在数据包旁边）</source>
        <translation>Where to write the receipt (default: next to the package)</translation>
    </message>
    <message>
        <source>迁户包：迁入的住户放进这个微网格（默认未划分）</source>
        <translation>Household transfer package: put the incoming household in this micro-grid (default: not assigned)</translation>
    </message>
    <message>
        <source>导入对方的回执：确认对方已收到，下次只导出此后的变化</source>
        <translation>Import the other side&apos;s receipt: confirms they received it; next time only later changes are exported</translation>
    </message>
    <message>
        <source>回执文件（.gorcpt）</source>
        <translation>Receipt file (.gorcpt)</translation>
    </message>
    <message>
        <source>对方已更换密钥时，也接受旧密钥签发的回执（确认无误）</source>
        <translation>accept a receipt signed with the office&apos;s replaced key too (once you are sure)</translation>
    </message>
    <message>
        <source>汇总台：各单位最近报送的序号、日期、行数，谁逾期未报</source>
        <translation>Summary desk: each office&apos;s latest package number, date and rows, and who is overdue</translation>
    </message>
    <message>
        <source>待处理的数据冲突（双方都改了同一字段）</source>
        <translation>Pending data conflicts (both sides changed the same field)</translation>
    </message>
    <message>
        <source>处理一个冲突：保留本方的值或采用对方的值</source>
        <translation>Resolve a conflict: keep our value or take theirs</translation>
    </message>
    <message>
        <source>冲突编号（见 package conflicts）</source>
        <translation>Conflict number (see package conflicts)</translation>
    </message>
    <message>
        <source>ours：保留本方；theirs：采用对方</source>
        <translation>ours: keep ours; theirs: take theirs</translation>
    </message>
    <message>
        <source>街道审批某村（社区）某月的数据：审批后该月的记录不再被数据包改动</source>
        <translation>Street approval of a village&apos;s (community&apos;s) data for one month: once approved, that month&apos;s records are no longer changed by packages</translation>
    </message>
    <message>
        <source>单位的行政区划代码（见 package status）</source>
        <translation>The office&apos;s administrative division code (see package status)</translation>
    </message>
    <message>
        <source>月份，例如 2026-11</source>
        <translation>Month, e.g. 2026-11</translation>
    </message>
    <message>
        <source>取消审批，重新开放这个月</source>
        <translation>Withdraw the approval and reopen the month</translation>
    </message>
    <message>
        <source>已审批锁定的月份：单位、月份、审批人、时间、所依据的数据包</source>
        <translation>Approved and locked months: office, month, approved by, time, and the package it is based on</translation>
    </message>
    <message>
        <source>汇总各村（社区）统计包的数：户数、人数、重点人群、物资发放覆盖率，合计为全街道</source>
        <translation>Sum up the villages&apos; (communities&apos;) aggregate packages: households, people, key populations, hand-out coverage, with a total for the whole street</translation>
    </message>
    <message>
        <source>月份（默认各单位最近报送的月份）</source>
        <translation>Month (default: each office&apos;s latest submitted month)</translation>
    </message>
    <message>
        <source>登记发来数据包或回执的单位（先电话核对密钥指纹）</source>
        <translation>Register an office that sends packages or receipts (check its key fingerprint by phone first)</translation>
    </message>
    <message>
        <source>对方的数据包或回执</source>
        <translation>The other side&apos;s package or receipt</translation>
    </message>
    <message>
        <source>已核对指纹，确认登记</source>
        <translation>Fingerprint checked; confirm registration</translation>
    </message>
    <message>
        <source>街道：同一街道活动在两个村都领了物资的人（按化名键比对，不看身份证号）</source>
        <translation>Street: people who received items of the same street campaign in two villages (matched by pseudonym key, not by ID number)</translation>
    </message>
    <message>
        <source>只看这个活动</source>
        <translation>Only this campaign</translation>
    </message>
    <message>
        <source>街道：把各村已发放的名单（化名键，无姓名身份证号）写到这个文件，下发给各村</source>
        <translation>Street: write the villages&apos; hand-out lists (pseudonym keys, no names or ID numbers) to this file, to hand out to the villages</translation>
    </message>
    <message>
        <source>村：载入街道下发的发放名单，发放时提示已在别村领过</source>
        <translation>Village: load the hand-out list from the street; a hand-out then warns if the person already received in another village</translation>
    </message>
    <message>
        <source>本单位签名密钥：备份里没有它；换电脑时用密码加密导出（--export）再在新电脑导入（--import）</source>
        <translation>This office&apos;s signing key: backups do not include it; when changing computers, export it encrypted with a password (--export), then import it on the new computer (--import)</translation>
    </message>
    <message>
        <source>把密钥用密码加密写到这个文件（.gokey）</source>
        <translation>Write the key, encrypted with a password, to this file (.gokey)</translation>
    </message>
    <message>
        <source>导入原电脑导出的密钥文件</source>
        <translation>Import the key file exported on the old computer</translation>
    </message>
    <message>
        <source>原电脑已坏、密钥找不回时生成新密钥（之后请街道用 package peer --rekey 更换登记的密钥）</source>
        <translation>make a new key when the old PC died with it (then the street replaces the registered key with package peer --rekey)</translation>
    </message>
    <message>
        <source>把本单位的公钥（不含私钥）写到这个文件（.gopub），交给街道登记或更换密钥</source>
        <translation>write this office&apos;s public key (no private key) to this file (.gopub), for the street to register or replace the key</translation>
    </message>
    <message>
        <source>街道：为换了电脑、生成了新密钥的单位更换登记的密钥（先电话核对新指纹）</source>
        <translation>street: replace the registered key of an office that changed PC and made a new key (confirm the new fingerprint by phone first)</translation>
    </message>
    <message>
        <source>对方用新密钥签发的数据包或回执</source>
        <translation>a package or receipt the office signed with its new key</translation>
    </message>
    <message>
        <source>对方的公钥文件（.gopub，package key --public 写的）</source>
        <translation>the office&apos;s public-key file (.gopub, written by package key --public)</translation>
    </message>
    <message>
        <source>已电话核对新指纹，确认更换</source>
        <translation>the new fingerprint was confirmed by phone: replace the key</translation>
    </message>
    <message>
        <source>化名密钥：街道生成（--new）并下发，村里设置（--set）</source>
        <translation>Pseudonym key: the street generates it (--new) and hands it out, villages set it (--set)</translation>
    </message>
    <message>
        <source>街道：生成新的化名密钥</source>
        <translation>Street: generate a new pseudonym key</translation>
    </message>
    <message>
        <source>村：设置街道下发的化名密钥（64 位十六进制）</source>
        <translation>Village: set the pseudonym key handed out by the street (64 hex digits)</translation>
    </message>
    <message>
        <source>已导出第 {seq} 号数据包 {file}（{level}），共 {rows} 行，删除 {stones} 条；校验值 {sha}。</source>
        <translation>Exported package no. {seq} {file} ({level}): {rows} rows, {stones} deletions; checksum {sha}.</translation>
    </message>
    <message>
        <source>迁户需要同时写 --household 户号 和 --to-office 迁往的单位。</source>
        <translation>A household transfer needs both --household with the household number and --to-office with the office it moves to.</translation>
    </message>
    <message>
        <source>已导出住户 {number} 的迁户包 {file}（{persons} 人），本村已标为迁出；校验值 {sha}。请把文件交给迁入的单位导入。</source>
        <translation>Exported the transfer package {file} of household {number} ({persons} people) and marked the household here as moved out; checksum {sha}. Please give the file to the receiving office to import.</translation>
    </message>
    <message>
        <source>试导入（未写入）</source>
        <translation>Dry run (nothing written)</translation>
    </message>
    <message>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>这个数据包已导入过，本次没有改动</source>
        <translation>This package was already imported; nothing changed</translation>
    </message>
    <message>
        <source>{head}：{sender} 第 {seq} 号包。</source>
        <translation>{head}: package no. {seq} from {sender}.</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>未变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>迁入转交</source>
        <translation>Transferred in</translation>
    </message>
    <message>
        <source>  拒收 {table} {uuid}：{reason}</source>
        <translation>  Rejected {table} {uuid}: {reason}</translation>
    </message>
    <message>
        <source>  …另有 {n} 条拒收（用 --json 查看全部）</source>
        <translation>  …and {n} more rejected (use --json to see all)</translation>
    </message>
    <message>
        <source>回执已写到 {path}，请交给对方导入。</source>
        <translation>Receipt written to {path}; please give it to the other side to import.</translation>
    </message>
    <message>
        <source>{receiver} 已确认收到第 {seq} 号数据包。</source>
        <translation>{receiver} confirmed receipt of package no. {seq}.</translation>
    </message>
    <message>
        <source>还没有登记任何单位。</source>
        <translation>No offices registered yet.</translation>
    </message>
    <message>
        <source>{office}	{code}	第 {last_seq} 号	{last_at}	{rows} 行	冲突 {conflicts}	{late}</source>
        <translation>{office}	{code}	no. {last_seq}	{last_at}	{rows} rows	{conflicts} conflicts	{late}</translation>
    </message>
    <message>
        <source>未报送</source>
        <translation>Not submitted</translation>
    </message>
    <message>
        <source>已回执</source>
        <translation>Receipted</translation>
    </message>
    <message>
        <source>待回执</source>
        <translation>Awaiting receipt</translation>
    </message>
    <message>
        <source>本单位第 {seq} 号包	{at}	{level}	{rows} 行	{ack}</source>
        <translation>Our package no. {seq}	{at}	{level}	{rows} rows	{ack}</translation>
    </message>
    <message>
        <source>没有待处理的冲突。</source>
        <translation>No pending conflicts.</translation>
    </message>
    <message>
        <source>{id}	{table_label}	{field_label}	本方：{ours}	对方（{from}）：{theirs}</source>
        <translation>{id}	{table_label}	{field_label}	ours: {ours}	theirs ({from}): {theirs}</translation>
    </message>
    <message>
        <source>冲突 {id} 已处理：{what}。</source>
        <translation>Conflict {id} resolved: {what}.</translation>
    </message>
    <message>
        <source>已登记 {office}，密钥指纹 {fingerprint}。</source>
        <translation>Registered {office}, key fingerprint {fingerprint}.</translation>
    </message>
    <message>
        <source>{office} 的密钥指纹是 {fingerprint}。电话核对无误后，加 --yes 再运行一次即登记。</source>
        <translation>The key fingerprint of {office} is {fingerprint}. Once it matches by phone, run again with --yes to register.</translation>
    </message>
    <message>
        <source>已把 {n} 条发放记录（化名键）写到 {file}，请下发给各村用 --load 载入。</source>
        <translation>Wrote {n} hand-out records (pseudonym keys) to {file}; hand it out to the villages to load with --load.</translation>
    </message>
    <message>
        <source>已载入街道的发放名单（{n} 条）；发放时会提示已在别村领过的人。</source>
        <translation>Loaded the street&apos;s hand-out list ({n} records); hand-outs will warn about people who already received in another village.</translation>
    </message>
    <message>
        <source>没有发现在两个单位都领过同一活动物资的人。</source>
        <translation>Nobody was found who received items of the same campaign at two offices.</translation>
    </message>
    <message>
        <source>{office} {grid} {handed_on}</source>
        <translation>{office} {grid} {handed_on}</translation>
    </message>
    <message>
        <source>{campaign}	化名 {ref}	{where}</source>
        <translation>{campaign}	pseudonym {ref}	{where}</translation>
    </message>
    <message>
        <source>本单位密钥已加密写到 {file}（指纹 {fingerprint}）。请和密码分开保管；新电脑上用 --import 导入。</source>
        <translation>This office&apos;s key was written, encrypted, to {file} (fingerprint {fingerprint}). Keep it apart from the password; import it on the new computer with --import.</translation>
    </message>
    <message>
        <source>已生成本单位的新密钥（指纹 {fingerprint}）。请把新的数据包或用 --public 写的公钥文件交给街道，电话核对这个指纹后由街道更换登记的密钥。</source>
        <translation>Made a new key for this office (fingerprint {fingerprint}). Give the street a new package or the public-key file written with --public; after confirming this fingerprint by phone the street replaces the registered key.</translation>
    </message>
    <message>
        <source>本单位公钥已写到 {file}（指纹 {fingerprint}）。</source>
        <translation>This office&apos;s public key was written to {file} (fingerprint {fingerprint}).</translation>
    </message>
    <message>
        <source>已导入本单位密钥（指纹 {fingerprint}），本机可以继续签发数据包和回执。</source>
        <translation>Imported this office&apos;s key (fingerprint {fingerprint}); this computer can go on signing packages and receipts.</translation>
    </message>
    <message>
        <source>已为 {office} 更换密钥：旧指纹 {old_fingerprint} → 新指纹 {new_fingerprint}。它的下一个数据包重新起算序号；旧密钥签的包不再当作有效。</source>
        <translation>Replaced the key of {office}: old fingerprint {old_fingerprint} → new fingerprint {new_fingerprint}. Its next package starts the numbering anew; packages signed with the old key are no longer taken as valid.</translation>
    </message>
    <message>
        <source>{office} 的新密钥指纹是 {new_fingerprint}（登记的旧指纹 {old_fingerprint}）。电话核对无误后，加 --yes 再运行一次即更换。</source>
        <translation>The new key fingerprint of {office} is {new_fingerprint} (registered: {old_fingerprint}). Once confirmed by phone, run again with --yes to replace it.</translation>
    </message>
    <message>
        <source>化名密钥：{key}（请当面或电话下发给各村，不要随数据包发送）</source>
        <translation>Pseudonym key: {key} (hand it to the villages in person or by phone; never send it with a package)</translation>
    </message>
    <message>
        <source>还没有化名密钥：街道用 --new 生成，村里用 --set 设置。</source>
        <translation>No pseudonym key yet: the street generates one with --new, villages set it with --set.</translation>
    </message>
    <message>
        <source>{what}。</source>
        <translation>{what}.</translation>
    </message>
    <message>
        <source>还没有审批任何月份。</source>
        <translation>No month has been approved yet.</translation>
    </message>
    <message>
        <source>{office}	{code}	{period}	审批人 {by}	{at}	第 {seq} 号包 {sha}</source>
        <translation>{office}	{code}	{period}	approved by {by}	{at}	package no. {seq} {sha}</translation>
    </message>
    <message>
        <source>还没有收到任何统计包（aggregate 级别的数据包）。</source>
        <translation>No aggregate packages received yet (packages at the aggregate level).</translation>
    </message>
    <message>
        <source>发放覆盖率</source>
        <translation>Hand-out coverage</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation>Restored from a backup</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>它引用的记录（{cols}）不在本库中，也不在包里。</source>
        <translation>The record it refers to ({cols}) is neither in this database nor in the package.</translation>
    </message>
    <message>
        <source>这条记录已在本库删除。</source>
        <translation>This record has been deleted in this database.</translation>
    </message>
    <message>
        <source>居民、住户、走访和事项由村（社区）维护，街道的包不能新增。</source>
        <translation>Residents, households, visits and matters are kept by the village (community); a street package cannot add them.</translation>
    </message>
    <message>
        <source>这条记录由本单位建立，不接受其他单位的修改。</source>
        <translation>This record was created by this office and does not accept changes from other offices.</translation>
    </message>
    <message>
        <source>这条记录属于另一个单位，不接受本包的修改（迁入的住户：原单位报来迁出后，下一个包会自动重发）。</source>
        <translation>This record belongs to another office and does not accept changes from this package (for a household that moved in: once the original office reports the move-out, the next package resends the changes automatically).</translation>
    </message>
    <message>
        <source>{label} {value} 已在本库另一条记录中。</source>
        <translation>{label} {value} is already on another record in this database.</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>这条记录不属于发出删除的单位，本库保留。</source>
        <translation>This record does not belong to the office that deleted it; kept here.</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>工作电话</source>
        <translation>Work phone</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <source>健康信息</source>
        <translation>Health details</translation>
    </message>
    <message>
        <source>分级评分规则</source>
        <translation>Tier scoring rules</translation>
    </message>
    <message>
        <source>人工分级</source>
        <translation>Manual tier</translation>
    </message>
    <message>
        <source>分级周统计</source>
        <translation>Weekly tier counts</translation>
    </message>
    <message>
        <source>已删除记录</source>
        <translation>Deleted records</translation>
    </message>
    <message>
        <source>交换单位</source>
        <translation>Exchange offices</translation>
    </message>
    <message>
        <source>收到的记录</source>
        <translation>Received records</translation>
    </message>
    <message>
        <source>数据冲突</source>
        <translation>Data conflicts</translation>
    </message>
    <message>
        <source>数据包记录</source>
        <translation>Package records</translation>
    </message>
    <message>
        <source>汇总数</source>
        <translation>Counts</translation>
    </message>
    <message>
        <source>五到家服务</source>
        <translation>“Five to the home” services</translation>
    </message>
    <message>
        <source>药品箱药品</source>
        <translation>Medicine box items</translation>
    </message>
    <message>
        <source>药品出入库</source>
        <translation>Medicine stock movements</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>记录标识</source>
        <translation>Record ID</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>最后修改时间</source>
        <translation>Last changed</translation>
    </message>
    <message>
        <source>最后修改人</source>
        <translation>Last changed by</translation>
    </message>
    <message>
        <source>变更序号</source>
        <translation>Change number</translation>
    </message>
    <message>
        <source>表</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>来源单位</source>
        <translation>Source office</translation>
    </message>
    <message>
        <source>包校验值</source>
        <translation>Package checksum</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>门牌/房号</source>
        <translation>Door/flat no.</translation>
    </message>
    <message>
        <source>户口类型</source>
        <translation>Hukou type</translation>
    </message>
    <message>
        <source>人户一致</source>
        <translation>Registered here</translation>
    </message>
    <message>
        <source>居住状态</source>
        <translation>Residence</translation>
    </message>
    <message>
        <source>状态日期</source>
        <translation>Status date</translation>
    </message>
    <message>
        <source>数据组</source>
        <translation>Table group</translation>
    </message>
    <message>
        <source>变更次数</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>事务号</source>
        <translation>Transaction id</translation>
    </message>
    <message>
        <source>药品名称</source>
        <translation>Medicine name</translation>
    </message>
    <message>
        <source>规格</source>
        <translation>Specification</translation>
    </message>
    <message>
        <source>药品</source>
        <translation>Medicine</translation>
    </message>
    <message>
        <source>出入库类别</source>
        <translation>Movement type</translation>
    </message>
    <message>
        <source>捐赠人/领取人（居民）</source>
        <translation>Donor/recipient (resident)</translation>
    </message>
    <message>
        <source>捐赠人</source>
        <translation>Donor</translation>
    </message>
    <message>
        <source>居民所在微网格</source>
        <translation>Resident&apos;s micro-grid</translation>
    </message>
    <message>
        <source>随访日期</source>
        <translation>Call date</translation>
    </message>
    <message>
        <source>是否打通</source>
        <translation>Reached</translation>
    </message>
    <message>
        <source>随访人</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>删除人</source>
        <translation>Deleted by</translation>
    </message>
    <message>
        <source>数据库标识</source>
        <translation>Database ID</translation>
    </message>
    <message>
        <source>签名公钥</source>
        <translation>Signing public key</translation>
    </message>
    <message>
        <source>登记时间</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>最近包序号</source>
        <translation>Latest package no.</translation>
    </message>
    <message>
        <source>最近收到时间</source>
        <translation>Latest received</translation>
    </message>
    <message>
        <source>最近行数</source>
        <translation>Latest rows</translation>
    </message>
    <message>
        <source>收到时的内容</source>
        <translation>Content as received</translation>
    </message>
    <message>
        <source>居民化名键</source>
        <translation>Resident pseudonym key</translation>
    </message>
    <message>
        <source>本方的值</source>
        <translation>Our value</translation>
    </message>
    <message>
        <source>对方的值</source>
        <translation>Their value</translation>
    </message>
    <message>
        <source>处理时间</source>
        <translation>Resolved at</translation>
    </message>
    <message>
        <source>处理结果</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>全量</source>
        <translation>Full</translation>
    </message>
    <message>
        <source>截至变更序号</source>
        <translation>Up to change number</translation>
    </message>
    <message>
        <source>回执时间</source>
        <translation>Receipted at</translation>
    </message>
    <message>
        <source>网格标识</source>
        <translation>Grid ID</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>所属户</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>变更记录</source>
        <translation>Change log</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>排列顺序</source>
        <translation>Sort order</translation>
    </message>
    <message>
        <source>所属网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>创建时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>修改时间</source>
        <translation>Modified</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>上级网格</source>
        <translation>Parent grid</translation>
    </message>
    <message>
        <source>网格编码</source>
        <translation>Grid code</translation>
    </message>
    <message>
        <source>网格名称</source>
        <translation>Grid name</translation>
    </message>
    <message>
        <source>覆盖范围</source>
        <translation>Area covered</translation>
    </message>
    <message>
        <source>姓名拼音</source>
        <translation>Name (pinyin)</translation>
    </message>
    <message>
        <source>拼音首字母</source>
        <translation>Pinyin initials</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party member</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>在岗</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>删除时间</source>
        <translation>Deleted at</translation>
    </message>
    <message>
        <source>现住地</source>
        <translation>Current residence</translation>
    </message>
    <message>
        <source>户籍地</source>
        <translation>Hukou registration</translation>
    </message>
    <message>
        <source>风险等级</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>民族</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>这是服务器上的数据库（PostgreSQL），请由管理员用 pg_dump 在服务器上备份。</source>
        <translation>This database is on a server (PostgreSQL); the administrator backs it up on the server with pg_dump.</translation>
    </message>
    <message>
        <source>从备份恢复（{made}）</source>
        <translation>Restore from backup ({made})</translation>
    </message>
    <message>
        <source>{name}已于 {date} 由{staff}发放（{method}）</source>
        <translation>{name} was handed out on {date} by {staff} ({method})</translation>
    </message>
    <message>
        <source>（未记发放人）</source>
        <translation>(handed out by: not recorded)</translation>
    </message>
    <message>
        <source>，代领人：{proxy}（{relation}）</source>
        <translation>, collected by proxy: {proxy} ({relation})</translation>
    </message>
    <message>
        <source> 等 {n} 人</source>
        <translation> and {n} more</translation>
    </message>
    <message>
        <source>请先勾选要登记的人员。</source>
        <translation>Tick the people to record first.</translation>
    </message>
    <message>
        <source>有 {n} 人不在这个活动的名单上。</source>
        <translation>{n} people are not on this campaign&apos;s list.</translation>
    </message>
    <message>
        <source>发放方式应为“领取”或“上门”。</source>
        <translation>The handout method must be “collected” or “delivered”.</translation>
    </message>
    <message>
        <source>请填写代领人与本人的关系。</source>
        <translation>Give the proxy&apos;s relation to the recipient.</translation>
    </message>
    <message>
        <source>填写了代领关系，但没有填写代领人姓名。</source>
        <translation>A proxy relation is given, but no proxy name.</translation>
    </message>
    <message>
        <source>发放日期 {date} 晚于今天，请检查。</source>
        <translation>Handout date {date} is after today; please check.</translation>
    </message>
    <message>
        <source>“{name}”已结束，不能再登记发放。</source>
        <translation>“{name}” has ended; no more handouts can be recorded.</translation>
    </message>
    <message>
        <source>请选择发放人（在岗的网格员）。</source>
        <translation>Choose who handed out (a grid worker in post).</translation>
    </message>
    <message>
        <source>。不能重复发放；如登记有误，请先撤销原记录。</source>
        <translation>. It cannot be handed out twice; if the record is wrong, undo it first.</translation>
    </message>
    <message>
        <source>{name}（{reason}）</source>
        <translation>{name} ({reason})</translation>
    </message>
    <message>
        <source>已移出名单，不能登记发放：</source>
        <translation>Removed from the list; cannot record a handout: </translation>
    </message>
    <message>
        <source>登记发放：{name}（{staff}，{method}）</source>
        <translation>Handout recorded: {name} ({staff}, {method})</translation>
    </message>
    <message>
        <source>登记发放 {n} 人（{staff}，{method}）</source>
        <translation>Handouts recorded for {n} people ({staff}, {method})</translation>
    </message>
    <message>
        <source>请写明原因。</source>
        <translation>Give the reason.</translation>
    </message>
    <message>
        <source>。如登记有误，请先撤销发放记录。</source>
        <translation>. If the record is wrong, undo the handout record first.</translation>
    </message>
    <message>
        <source>所选人员中有人已移出名单。</source>
        <translation>Some of the selected people have been removed from the list.</translation>
    </message>
    <message>
        <source>标记{state}：{name}</source>
        <translation>Marked {state}: {name}</translation>
    </message>
    <message>
        <source>标记{state} {n} 人</source>
        <translation>Marked {state}: {n} people</translation>
    </message>
    <message>
        <source>所选人员没有可撤销的记录。</source>
        <translation>The selected people have no record to undo.</translation>
    </message>
    <message>
        <source>撤销记录：{name}</source>
        <translation>Undo record: {name}</translation>
    </message>
    <message>
        <source>撤销记录 {n} 人</source>
        <translation>Undo records: {n} people</translation>
    </message>
    <message>
        <source>没有身份证号为 {number} 的人员。</source>
        <translation>No person with ID number {number}.</translation>
    </message>
    <message>
        <source>{name}不在这个活动的名单上（不符合条件，或还没有刷新名单）。</source>
        <translation>{name} is not on this campaign&apos;s list (not eligible, or the list has not been refreshed).</translation>
    </message>
    <message>
        <source>未划分网格</source>
        <translation>No grid</translation>
    </message>
    <message>
        <source>这个活动还没有生成名单。</source>
        <translation>This campaign has no list yet.</translation>
    </message>
    <message>
        <source>刷新名单：新加入</source>
        <translation>Refresh list: joined</translation>
    </message>
    <message>
        <source>刷新名单：新加入 {joined} 人，移出 {left} 人</source>
        <translation>Refresh list: {joined} joined, {left} removed</translation>
    </message>
    <message>
        <source>人员记录已删除</source>
        <translation>Person record deleted</translation>
    </message>
    <message>
        <source>手工排除：{reason}</source>
        <translation>Excluded by hand: {reason}</translation>
    </message>
    <message>
        <source>不再符合条件</source>
        <translation>No longer eligible</translation>
    </message>
    <message>
        <source>手工加入或排除都要写明原因。</source>
        <translation>Adding or excluding by hand needs a reason.</translation>
    </message>
    <message>
        <source>请先选择人员。</source>
        <translation>Please select people first.</translation>
    </message>
    <message>
        <source>手工加入 {n} 人</source>
        <translation>Added by hand: {n}</translation>
    </message>
    <message>
        <source>移出名单 {n} 人</source>
        <translation>Removed from the list: {n}</translation>
    </message>
    <message>
        <source>找不到这个人员。</source>
        <translation>Person not found.</translation>
    </message>
    <message>
        <source>{name}的状态是“{status}”，不能加入名单。</source>
        <translation>{name}&apos;s status is “{status}”; cannot be added to the list.</translation>
    </message>
    <message>
        <source>手工加入：</source>
        <translation>Added by hand: </translation>
    </message>
    <message>
        <source>手工加入 {name}</source>
        <translation>Add {name} by hand</translation>
    </message>
    <message>
        <source>手工排除 {name}</source>
        <translation>Exclude {name} by hand</translation>
    </message>
    <message>
        <source>待发</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>已发</source>
        <translation>Handed out</translation>
    </message>
    <message>
        <source>拒领</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>联系不上</source>
        <translation>Unreachable</translation>
    </message>
    <message>
        <source>已移出</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>上月</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>本季度</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <source>上季度</source>
        <translation>Last quarter</translation>
    </message>
    <message>
        <source>本期</source>
        <translation>This period</translation>
    </message>
    <message>
        <source>上期</source>
        <translation>Last period</translation>
    </message>
    <message>
        <source>{y}年{m}月</source>
        <translation>{m}/{y}</translation>
    </message>
    <message>
        <source>{y}年第{q}季度</source>
        <translation>Q{q} {y}</translation>
    </message>
    <message>
        <source>{a} 至 {b}</source>
        <translation>{a} to {b}</translation>
    </message>
    <message>
        <source>{this}新增事项</source>
        <translation>{this}: new matters</translation>
    </message>
    <message>
        <source>件</source>
        <translation>matters</translation>
    </message>
    <message>
        <source>{this}办结事项</source>
        <translation>{this}: matters closed</translation>
    </message>
    <message>
        <source>{this}转办事项</source>
        <translation>{this}: matters transferred</translation>
    </message>
    <message>
        <source>期末未办结事项</source>
        <translation>Matters open at period end</translation>
    </message>
    <message>
        <source>超过{n}天未办结</source>
        <translation>Open over {n} days</translation>
    </message>
    <message>
        <source>{this}入户走访</source>
        <translation>{this}: home visits</translation>
    </message>
    <message>
        <source>人次</source>
        <translation>visits</translation>
    </message>
    <message>
        <source>响应用时中位数</source>
        <translation>Median response time</translation>
    </message>
    <message>
        <source>小时</source>
        <translation>hours</translation>
    </message>
    <message>
        <source>办结用时中位数</source>
        <translation>Median time to close</translation>
    </message>
    <message>
        <source>天</source>
        <translation>days</translation>
    </message>
    <message>
        <source>份</source>
        <translation>pack</translation>
    </message>
    <message>
        <source>{name}已发放</source>
        <translation>{name}: handed out</translation>
    </message>
    <message>
        <source>{name}发放率</source>
        <translation>{name}: coverage</translation>
    </message>
    <message>
        <source>{scope}工作简报</source>
        <translation>{scope} briefing</translation>
    </message>
    <message>
        <source>未落到网格</source>
        <translation>Not assigned to a grid</translation>
    </message>
    <message>
        <source>{this}新增事项 {new} 件，办结 {closed} 件。</source>
        <translation>{this}: {new} new matters, {closed} closed.</translation>
    </message>
    <message>
        <source>{this}新增事项 {new} 件，办结 {closed} 件</source>
        <translation>{this}: {new} new matters, {closed} closed</translation>
    </message>
    <message>
        <source>，办结率 {rate}%</source>
        <translation>, closure rate {rate}%</translation>
    </message>
    <message>
        <source>，比{last}{dir} {d} 个百分点</source>
        <translation> (vs. {last}: {dir} {d} percentage points)</translation>
    </message>
    <message>
        <source>提高</source>
        <translation>up</translation>
    </message>
    <message>
        <source>降低</source>
        <translation>down</translation>
    </message>
    <message>
        <source>，与{last}持平</source>
        <translation> (vs. {last}: unchanged)</translation>
    </message>
    <message>
        <source>。</source>
        <translation>.</translation>
    </message>
    <message>
        <source>期末未办结 {n} 件，其中超过 {days} 天的 {old} 件。</source>
        <translation>{n} matters open at period end, {old} of them for over {days} days.</translation>
    </message>
    <message>
        <source>{this}入户走访 {n} 人次，比{last}{dir} {d} 人次。</source>
        <translation>{this}: {n} home visits (vs. {last}: {dir} {d}).</translation>
    </message>
    <message>
        <source>增加</source>
        <translation>up</translation>
    </message>
    <message>
        <source>减少</source>
        <translation>down</translation>
    </message>
    <message>
        <source>需要关注的微网格 {n} 个（走访逾期、发放进度低于 {low}% 或有超过 {days} 天未办结的事项），见文末。</source>
        <translation>{n} micro-grids need attention (overdue visits, hand-out progress below {low}% or matters open over {days} days); see the end.</translation>
    </message>
    <message>
        <source>请填写活动名称。</source>
        <translation>Give the campaign a name.</translation>
    </message>
    <message>
        <source>最低年龄应在 0 到 150 岁之间。</source>
        <translation>The minimum age must be between 0 and 150.</translation>
    </message>
    <message>
        <source>发放截止日期不能早于基准日期。</source>
        <translation>The handout deadline cannot be before the reference date.</translation>
    </message>
    <message>
        <source>未知的人群类别：{code}</source>
        <translation>Unknown population category: {code}</translation>
    </message>
    <message>
        <source>物资清单是空的，请至少填写一种物资。</source>
        <translation>The item list is empty; give at least one item.</translation>
    </message>
    <message>
        <source>物资名称不能为空。</source>
        <translation>An item needs a name.</translation>
    </message>
    <message>
        <source>“{name}”的数量应大于 0。</source>
        <translation>The quantity of “{name}” must be more than 0.</translation>
    </message>
    <message>
        <source>“{name}”的单位“{unit}”不是装包时能数的单位。请写每份装几盒、几只、几瓶（份、盒、只、瓶…），用量写进名称，如“退烧药（3天用量）”1 盒。</source>
        <translation>The unit “{unit}” of “{name}” is not something a packer can count. Give how many boxes, pieces or bottles go in each kit (份, 盒, 只, 瓶…) and put the dose in the name, e.g. “退烧药（3天用量）” 1 盒.</translation>
    </message>
    <message>
        <source>手工加入或排除的人员都要写明原因。</source>
        <translation>People added or excluded by hand need a reason.</translation>
    </message>
    <message>
        <source>同一个人只能手工加入或排除一次。</source>
        <translation>A person can be added or excluded by hand only once.</translation>
    </message>
    <message>
        <source>手工调整的人员不存在（编号 {id}）。</source>
        <translation>A person adjusted by hand does not exist (number {id}).</translation>
    </message>
    <message>
        <source>新建发放活动“{name}”</source>
        <translation>Create handout campaign “{name}”</translation>
    </message>
    <message>
        <source>生成发放名单</source>
        <translation>Build the handout list</translation>
    </message>
    <message>
        <source>这个活动的名单已经生成过了；要加入新符合条件的人，请用“刷新名单”。</source>
        <translation>This campaign&apos;s list has already been built; use “Refresh list” to add newly eligible people.</translation>
    </message>
    <message>
        <source>撤销生成名单</source>
        <translation>Undo building the list</translation>
    </message>
    <message>
        <source>生成发放名单（{n} 人）</source>
        <translation>Build the handout list ({n} people)</translation>
    </message>
    <message>
        <source>没有编号为 {id} 的发放活动。</source>
        <translation>No handout campaign with number {id}.</translation>
    </message>
    <message>
        <source>“{name}”已有发放记录，不能删除。</source>
        <translation>“{name}” has handout records and cannot be deleted.</translation>
    </message>
    <message>
        <source>恢复发放活动“{name}”</source>
        <translation>Restore handout campaign “{name}”</translation>
    </message>
    <message>
        <source>删除发放活动“{name}”</source>
        <translation>Delete handout campaign “{name}”</translation>
    </message>
    <message>
        <source>结束发放活动</source>
        <translation>End the handout campaign</translation>
    </message>
    <message>
        <source>重新开放发放活动</source>
        <translation>Reopen the handout campaign</translation>
    </message>
    <message>
        <source>微网格户数</source>
        <translation>Micro-grid households</translation>
    </message>
    <message>
        <source>一般网格户数</source>
        <translation>General grid households</translation>
    </message>
    <message>
        <source>缺网格长</source>
        <translation>No grid leader</translation>
    </message>
    <message>
        <source>缺家庭医生</source>
        <translation>No family doctor</translation>
    </message>
    <message>
        <source>服务团队人数</source>
        <translation>Service team size</translation>
    </message>
    <message>
        <source>电话有误</source>
        <translation>Wrong phone</translation>
    </message>
    <message>
        <source>未划入微网格</source>
        <translation>Not in a micro-grid</translation>
    </message>
    <message>
        <source>有 {n} 户没有划入微网格</source>
        <translation>{n} households are not in a micro-grid</translation>
    </message>
    <message>
        <source>{name}有 {n} 户，微网格应为 {lo}–{hi} 户</source>
        <translation>{name} has {n} households; a micro-grid should have {lo}–{hi}</translation>
    </message>
    <message>
        <source>{name}有 {n} 户，一般网格应为 {lo}–{hi} 户</source>
        <translation>{name} has {n} households; a general grid should have {lo}–{hi}</translation>
    </message>
    <message>
        <source>{name}（{level}）没有{role}</source>
        <translation>{name} ({level}) has no {role}</translation>
    </message>
    <message>
        <source>{name}没有家庭医生</source>
        <translation>{name} has no family doctor</translation>
    </message>
    <message>
        <source>{name}的服务团队有 {n} 人，应为 {lo}–{hi} 人</source>
        <translation>{name}&apos;s service team has {n} people; it should have {lo}–{hi}</translation>
    </message>
    <message>
        <source>网格员{name}的电话“{raw}”有误：{problem}</source>
        <translation>Grid worker {name}&apos;s phone “{raw}” is wrong: {problem}</translation>
    </message>
    <message>
        <source>岗位工作电话“{raw}”有误</source>
        <translation>Post work phone “{raw}” is wrong</translation>
    </message>
    <message>
        <source>村的编码“{code}”不可用：请用 1–12 个字母或数字，以字母开头，例如 YMC。</source>
        <translation>The village code “{code}” cannot be used: use 1–12 letters or digits starting with a letter, e.g. YMC.</translation>
    </message>
    <message>
        <source>请给村起一个名字（不超过 30 个字），例如 禹庙村。</source>
        <translation>Give the village a name (at most 30 characters), e.g. 禹庙村.</translation>
    </message>
    <message>
        <source>只有演示村可以指定编码和名称，演示街道不能。</source>
        <translation>Only the demo village can be given a code and a name, not the demo street.</translation>
    </message>
    <message>
        <source>（--scale village）</source>
        <translation> (--scale village)</translation>
    </message>
    <message>
        <source>这个数据库里已有网格数据，演示数据只能生成到空数据库里。请换一个文件名。</source>
        <translation>This database already has grid data; demo data can only go into an empty database. Choose another file name.</translation>
    </message>
    <message>
        <source>已取消导入，没有写入任何数据。</source>
        <translation>Import cancelled; nothing was written.</translation>
    </message>
    <message>
        <source>读取表格</source>
        <translation>Reading the spreadsheet</translation>
    </message>
    <message>
        <source>第 {row} 行不存在。</source>
        <translation>Row {row} does not exist.</translation>
    </message>
    <message>
        <source>在表格前 {n} 行里找不到表头（应有“姓名”和“身份证号”或“户号”等列）。请检查是否选对了文件或工作表。</source>
        <translation>No header found in the first {n} rows (columns such as “姓名” and “身份证号” or “户号” are expected). Check the file and the sheet.</translation>
    </message>
    <message>
        <source>没有指定“姓名”列，无法导入。</source>
        <translation>No “name” column is chosen; cannot import.</translation>
    </message>
    <message>
        <source>核对数据库</source>
        <translation>Checking against the database</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>（也可用 --within 村或社区编码）</source>
        <translation> (or use --within with the village or community code)</translation>
    </message>
    <message>
        <source>也可以在第一步“这是哪个村（社区）的花名册”里选定村或社区。</source>
        <translation> Or choose the village or community under “Roster of which village (community)” in step 1.</translation>
    </message>
    <message>
        <source>网格“{grid}”在库里有 {n} 个（{codes}），本户暂不分配网格；请补上社区、一般网格列。</source>
        <translation>The database has {n} grids “{grid}” ({codes}); this household is left unassigned. Add community and general grid columns.</translation>
    </message>
    <message>
        <source>已备份，开始写入</source>
        <translation>Backed up; writing</translation>
    </message>
    <message>
        <source>导入花名册 {name}：新增 {added} 人，更新 {updated} 人</source>
        <translation>Import roster {name}: {added} people added, {updated} updated</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>写入住户</source>
        <translation>Writing households</translation>
    </message>
    <message>
        <source>库里此人登记为“{status}”{date}，本次只更新信息，不改变状态</source>
        <translation>The database has this person as “{status}”{date}; only the details are updated, not the status</translation>
    </message>
    <message>
        <source>写入人员</source>
        <translation>Writing people</translation>
    </message>
    <message>
        <source>导入花名册</source>
        <translation>Import roster</translation>
    </message>
    <message>
        <source>导入 {name}</source>
        <translation>Import {name}</translation>
    </message>
    <message>
        <source>写入完成</source>
        <translation>Written</translation>
    </message>
    <message>
        <source>撤销导入</source>
        <translation>Undo import</translation>
    </message>
    <message>
        <source>导入的人员或住户之后已有其他记录（如走访、发放），不能再撤销这次导入。</source>
        <translation>People or households from the import already have other records (visits, handouts, …); the import can no longer be undone.</translation>
    </message>
    <message>
        <source>新的微网格只能建在一般网格下，{code} 不是一般网格。</source>
        <translation>New micro-grids can only be created under a general grid; {code} is not one.</translation>
    </message>
    <message>
        <source>导入花名册时新建</source>
        <translation>Created when importing a roster</translation>
    </message>
    <message>
        <source>操作日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>操作日志记录了居民的健康、救助、照料等原值和新值，不能导出公示版。</source>
        <translation>The audit log holds residents’ health, assistance and care values before and after each change; it has no public version.</translation>
    </message>
    <message>
        <source>数据修改记录（操作日志）</source>
        <translation>Data change records (audit log)</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>对象类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>物资</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>药品互助（爱心药品箱）：库存、入库、发放、报废、出入库记录</source>
        <translation>Medicine box (charity medicine box): stock, stock-in, hand-out, write-off, movement records</translation>
    </message>
    <message>
        <source>药品箱库存（临期、已过期的排在前面）</source>
        <translation>Medicine box stock (expiring-soon and expired first)</translation>
    </message>
    <message>
        <source>只列临期和已过期的</source>
        <translation>Only list expiring-soon and expired items</translation>
    </message>
    <message>
        <source>也列出已发完的批次</source>
        <translation>Also list batches already used up</translation>
    </message>
    <message>
        <source>按这一天算临期和过期（默认今天）</source>
        <translation>Judge expiring-soon and expired as of this day (default: today)</translation>
    </message>
    <message>
        <source>药品入库：同名、同规格、同批号、同有效期的加到原批次，否则新建一批</source>
        <translation>Stock in medicine: same name, specification, batch number and expiry date are added to the existing batch, otherwise a new batch is created</translation>
    </message>
    <message>
        <source>药品名称，或库存列表中的编号（加到这一批）</source>
        <translation>Medicine name, or its No. in the stock list (adds to that batch)</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Expires on</translation>
    </message>
    <message>
        <source>规格，如 0.3g×20粒</source>
        <translation>Specification, e.g. 0.3g×20 capsules</translation>
    </message>
    <message>
        <source>单位（默认 盒）</source>
        <translation>Unit (default: box)</translation>
    </message>
    <message>
        <source>批号</source>
        <translation>Batch no.</translation>
    </message>
    <message>
        <source>捐赠人姓名或单位（不在花名册中）</source>
        <translation>Donor name or organisation (not in the roster)</translation>
    </message>
    <message>
        <source>捐赠人身份证号（花名册中的居民）</source>
        <translation>Donor ID number (a resident in the roster)</translation>
    </message>
    <message>
        <source>入库日期（默认今天）</source>
        <translation>Stock-in date (default: today)</translation>
    </message>
    <message>
        <source>经手人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>发放给花名册中的一位居民（同名药品先发最早到期的未过期批次）</source>
        <translation>Hand out to a resident in the roster (for the same medicine, the unexpired batch expiring first goes first)</translation>
    </message>
    <message>
        <source>药品名称，或库存列表中的编号</source>
        <translation>Medicine name, or its No. in the stock list</translation>
    </message>
    <message>
        <source>领取人身份证号</source>
        <translation>Recipient ID number</translation>
    </message>
    <message>
        <source>报废：过期或变质的药品移出药品箱</source>
        <translation>Write off: remove expired or spoiled medicine from the medicine box</translation>
    </message>
    <message>
        <source>库存列表中的编号</source>
        <translation>No. in the stock list</translation>
    </message>
    <message>
        <source>报废日期（默认今天）</source>
        <translation>Write-off date (default: today)</translation>
    </message>
    <message>
        <source>出入库记录，以及各微网格每月的发放</source>
        <translation>Stock movement records, and monthly hand-outs per micro-grid</translation>
    </message>
    <message>
        <source>起始日期（默认本月 1 日）</source>
        <translation>Start date (default: the 1st of this month)</translation>
    </message>
    <message>
        <source>截止日期（默认今天）</source>
        <translation>End date (default: today)</translation>
    </message>
    <message>
        <source>只看这个网格（及其下级）的居民，填网格编码</source>
        <translation>Only residents of this grid (and its sub-grids); give the grid code</translation>
    </message>
    <message>
        <source>药品箱里没有符合条件的药品</source>
        <translation>No medicine in the medicine box matches</translation>
    </message>
    <message>
        <source>无有效期</source>
        <translation>No expiry date</translation>
    </message>
    <message>
        <source>临期：{days} 天内到期</source>
        <translation>Expiring soon: expires within {days} days</translation>
    </message>
    <message>
        <source>起始日期晚于截止日期</source>
        <translation>The start date is after the end date</translation>
    </message>
    <message>
        <source>{start} 至 {end}：{n} 条出入库记录</source>
        <translation>{start} to {end}: {n} stock movement records</translation>
    </message>
    <message>
        <source>{month} {grid}：发放 {times} 次，共 {n} 件</source>
        <translation>{month} {grid}: {times} hand-outs, {n} items in total</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>领取人签字</source>
        <translation>Recipient&apos;s signature</translation>
    </message>
    <message>
        <source>代领人及关系</source>
        <translation>Proxy and relation</translation>
    </message>
    <message>
        <source>发放人</source>
        <translation>Handed out by</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>还没有发放活动，请先新建一个。</source>
        <translation>No handout campaigns yet; create one first.</translation>
    </message>
    <message>
        <source>补发</source>
        <translation>Late handout</translation>
    </message>
    <message>
        <source>健康爱心包发放签收表</source>
        <translation>Health care kit handout receipt sheet</translation>
    </message>
    <message>
        <source>{campaign}发放签收表</source>
        <translation>{campaign} receipt sheet</translation>
    </message>
    <message>
        <source>审核人</source>
        <translation>Checked by</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Person in charge</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>{campaign}发放签收表（{grid}）</source>
        <translation>{campaign} sign-off sheet ({grid})</translation>
    </message>
    <message>
        <source>{campaign}发放签收表（{grid}，服务团队：{team}）</source>
        <translation>{campaign} sign-off sheet ({grid}, service team: {team})</translation>
    </message>
    <message>
        <source>{campaign}发放情况统计表</source>
        <translation>{campaign} distribution statistics</translation>
    </message>
    <message>
        <source>“{campaign}”的名单是低保、孕产妇等重点人群，签收表不能导出公示版；可导出发放情况统计表的公示版。</source>
        <translation>The list of “{campaign}” is a key population (subsistence allowance, pregnant women…): its sign-off sheet has no public version; export the public coverage ledger instead.</translation>
    </message>
    <message>
        <source>{n} 人</source>
        <translation>{n} people</translation>
    </message>
    <message>
        <source>服务团队</source>
        <translation>Service team</translation>
    </message>
    <message>
        <source>应发</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>未发</source>
        <translation>Not handed out</translation>
    </message>
    <message>
        <source>发放率</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>微网格数</source>
        <translation>Micro-grids</translation>
    </message>
    <message>
        <source>健康爱心包发放情况统计表</source>
        <translation>Health care kit handout statistics</translation>
    </message>
    <message>
        <source>本月走访</source>
        <translation>Visits this month</translation>
    </message>
    <message>
        <source>本月事项</source>
        <translation>Matters this month</translation>
    </message>
    <message>
        <source>小计</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>按微网格</source>
        <translation>By micro-grid</translation>
    </message>
    <message>
        <source>（按微网格）</source>
        <translation> (by micro-grid)</translation>
    </message>
    <message>
        <source>按一般网格</source>
        <translation>By general grid</translation>
    </message>
    <message>
        <source>（按一般网格）</source>
        <translation> (by general grid)</translation>
    </message>
    <message>
        <source>重点人群台账</source>
        <translation>Key population ledger</translation>
    </message>
    <message>
        <source>重点人群台账含有健康、残疾、救助等敏感信息，不能导出公示版。</source>
        <translation>The key population ledger holds health, disability and assistance details; it has no public version.</translation>
    </message>
    <message>
        <source>登记日期</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>{label}台账</source>
        <translation>{label} ledger</translation>
    </message>
    <message>
        <source>其他重点人群</source>
        <translation>Other key populations</translation>
    </message>
    <message>
        <source>{age}岁以上老年人</source>
        <translation>Elderly aged {age}+</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>反映时间</source>
        <translation>Reported at</translation>
    </message>
    <message>
        <source>反映人（居民）</source>
        <translation>Reported by (resident)</translation>
    </message>
    <message>
        <source>反映人（网格员）</source>
        <translation>Reported by (grid worker)</translation>
    </message>
    <message>
        <source>办理人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <source>响应时间</source>
        <translation>Responded at</translation>
    </message>
    <message>
        <source>办结时间</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <source>转办去向</source>
        <translation>Transferred to</translation>
    </message>
    <message>
        <source>响应用时（小时）</source>
        <translation>Response time (hours)</translation>
    </message>
    <message>
        <source>办结用时（天）</source>
        <translation>Closing time (days)</translation>
    </message>
    <message>
        <source>事项数</source>
        <translation>Matters</translation>
    </message>
    <message>
        <source>民情事项登记台账</source>
        <translation>Residents&apos; matters ledger</translation>
    </message>
    <message>
        <source>民情事项登记台账（{start} 至 {end}）</source>
        <translation>Residents&apos; matters ledger ({start} to {end})</translation>
    </message>
    <message>
        <source>事项登记</source>
        <translation>Matters recorded</translation>
    </message>
    <message>
        <source>用时统计</source>
        <translation>Time statistics</translation>
    </message>
    <message>
        <source>民情事项办理用时统计（{start} 至 {end}，有事项的网格）</source>
        <translation>Matter handling times ({start} to {end}, grids with matters)</translation>
    </message>
    <message>
        <source>返乡人员台账</source>
        <translation>Returnee ledger</translation>
    </message>
    <message>
        <source>从何地返回</source>
        <translation>Returned from</translation>
    </message>
    <message>
        <source>交通方式</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>返乡日期</source>
        <translation>Return date</translation>
    </message>
    <message>
        <source>人员状态</source>
        <translation>Person status</translation>
    </message>
    <message>
        <source>预计离开日期</source>
        <translation>Expected departure</translation>
    </message>
    <message>
        <source>现居住地</source>
        <translation>Current address</translation>
    </message>
    <message>
        <source>住户人口花名册</source>
        <translation>Household and resident roster</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>公民身份号码</source>
        <translation>Citizen ID number</translation>
    </message>
    <message>
        <source>花名册</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>网格员花名册</source>
        <translation>Grid worker roster</translation>
    </message>
    <message>
        <source>网格层级</source>
        <translation>Grid level</translation>
    </message>
    <message>
        <source>身份</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>政治面貌</source>
        <translation>Political affiliation</translation>
    </message>
    <message>
        <source>覆盖户数</source>
        <translation>Households covered</translation>
    </message>
    <message>
        <source>服务团队成员</source>
        <translation>Service team members</translation>
    </message>
    <message>
        <source>网格范围</source>
        <translation>Grid area</translation>
    </message>
    <message>
        <source>中共党员</source>
        <translation>CPC member</translation>
    </message>
    <message>
        <source>群众</source>
        <translation>Masses</translation>
    </message>
    <message>
        <source>网格汇总表</source>
        <translation>Grid summary</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>人数</source>
        <translation>People</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>People</translation>
    </message>
    <message>
        <source>户</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>统计数</source>
        <translation>Counts</translation>
    </message>
    <message>
        <source>通用</source>
        <translation>General</translation>
    </message>
    <message>
        <source>户主姓名</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>户主身份证号</source>
        <translation>Head of household&apos;s ID number</translation>
    </message>
    <message>
        <source>家庭人口数</source>
        <translation>Household size</translation>
    </message>
    <message>
        <source>人员类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>是否</source>
        <translation>Yes/no</translation>
    </message>
    <message>
        <source>领取日期</source>
        <translation>Date received</translation>
    </message>
    <message>
        <source>领取方式</source>
        <translation>How received</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>总人口</source>
        <translation>Total population</translation>
    </message>
    <message>
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>60岁以上</source>
        <translation>Aged 60+</translation>
    </message>
    <message>
        <source>80岁以上</source>
        <translation>Aged 80+</translation>
    </message>
    <message>
        <source>独居老人</source>
        <translation>Elderly living alone</translation>
    </message>
    <message>
        <source>本周走访</source>
        <translation>Visits this week</translation>
    </message>
    <message>
        <source>（不填）</source>
        <translation>(leave empty)</translation>
    </message>
    <message>
        <source>（{campaign}）</source>
        <translation> ({campaign})</translation>
    </message>
    <message>
        <source>{t}（按微网格）</source>
        <translation>{t} (by micro-grid)</translation>
    </message>
    <message>
        <source>{t}（按一般网格）</source>
        <translation>{t} (by general grid)</translation>
    </message>
    <message>
        <source>民情事项流转统计表</source>
        <translation>Residents&apos; matters flow table</translation>
    </message>
    <message>
        <source>上月未办结</source>
        <translation>Open from last month</translation>
    </message>
    <message>
        <source>本月新增</source>
        <translation>New this month</translation>
    </message>
    <message>
        <source>本月办结</source>
        <translation>Closed this month</translation>
    </message>
    <message>
        <source>本月转办</source>
        <translation>Transferred this month</translation>
    </message>
    <message>
        <source>本月未办结</source>
        <translation>Open this month</translation>
    </message>
    <message>
        <source>期初未办结</source>
        <translation>Open at period start</translation>
    </message>
    <message>
        <source>本期新增</source>
        <translation>New this period</translation>
    </message>
    <message>
        <source>本期办结</source>
        <translation>Closed this period</translation>
    </message>
    <message>
        <source>本期转办</source>
        <translation>Transferred this period</translation>
    </message>
    <message>
        <source>期末未办结</source>
        <translation>Open at period end</translation>
    </message>
    <message>
        <source>按社区</source>
        <translation>By community</translation>
    </message>
    <message>
        <source>按月</source>
        <translation>By month</translation>
    </message>
    <message>
        <source>{t}（按月，{a} 至 {b}）</source>
        <translation>{t} (by month, {a} to {b})</translation>
    </message>
    <message>
        <source>按类别</source>
        <translation>By category</translation>
    </message>
    <message>
        <source>{t}（按类别，{when}）</source>
        <translation>{t} (by category, {when})</translation>
    </message>
    <message>
        <source>未落到微网格</source>
        <translation>Not assigned to a micro-grid</translation>
    </message>
    <message>
        <source>{t}（{by}，{when}）</source>
        <translation>{t} ({by}, {when})</translation>
    </message>
    <message>
        <source>按月、按一般网格</source>
        <translation>by month and general grid</translation>
    </message>
    <message>
        <source>按月、按微网格</source>
        <translation>by month and micro-grid</translation>
    </message>
    <message>
        <source>按月按网格</source>
        <translation>By month and grid</translation>
    </message>
    <message>
        <source>{t}（{by}，{a} 至 {b}）</source>
        <translation>{t} ({by}, {a} to {b})</translation>
    </message>
    <message>
        <source>{t}（按社区）</source>
        <translation>{t} (by community)</translation>
    </message>
    <message>
        <source>网格长</source>
        <translation>Grid leader</translation>
    </message>
    <message>
        <source>还没有街道下发的化名密钥，不能导出化名数据包。</source>
        <translation>There is no pseudonymisation key from the street yet, so a pseudonymous package cannot be exported.</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>被访人</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>重点人群类别</source>
        <translation>Key population category</translation>
    </message>
    <message>
        <source>类别信息</source>
        <translation>Category details</translation>
    </message>
    <message>
        <source>截止日期</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>离开日期</source>
        <translation>Departure date</translation>
    </message>
    <message>
        <source>活动名称</source>
        <translation>Campaign name</translation>
    </message>
    <message>
        <source>基准日期</source>
        <translation>Reference date</translation>
    </message>
    <message>
        <source>补发截止日期</source>
        <translation>Late handout until</translation>
    </message>
    <message>
        <source>最低年龄</source>
        <translation>Minimum age</translation>
    </message>
    <message>
        <source>人群类别</source>
        <translation>Groups</translation>
    </message>
    <message>
        <source>范围网格</source>
        <translation>Grids covered</translation>
    </message>
    <message>
        <source>活动状态</source>
        <translation>Campaign state</translation>
    </message>
    <message>
        <source>物品名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>每份数量</source>
        <translation>Per kit</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>调整方式</source>
        <translation>Adjustment</translation>
    </message>
    <message>
        <source>列入时的微网格</source>
        <translation>Micro-grid when listed</translation>
    </message>
    <message>
        <source>发放状态</source>
        <translation>Handout state</translation>
    </message>
    <message>
        <source>列入时间</source>
        <translation>Listed at</translation>
    </message>
    <message>
        <source>发放日期</source>
        <translation>Handout date</translation>
    </message>
    <message>
        <source>发放方式</source>
        <translation>Handout method</translation>
    </message>
    <message>
        <source>代领人</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>代领人关系</source>
        <translation>Proxy relation</translation>
    </message>
    <message>
        <source>走访间隔（天）</source>
        <translation>Visit interval (days)</translation>
    </message>
    <message>
        <source>名称或姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>健康状况</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>经济状况</source>
        <translation>Finances</translation>
    </message>
    <message>
        <source>照料情况</source>
        <translation>Care</translation>
    </message>
    <message>
        <source>水电气安全</source>
        <translation>Water, power and gas safety</translation>
    </message>
    <message>
        <source>诉求</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>跟进事项</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>门牌</source>
        <translation>Door no.</translation>
    </message>
    <message>
        <source>来自何处</source>
        <translation>Coming from</translation>
    </message>
    <message>
        <source>“{label}”太长：最多 {limit} 个字，填了 {n} 个字。没有保存。</source>
        <translation>&quot;{label}&quot; is too long: at most {limit} characters, {n} given. Not saved.</translation>
    </message>
    <message>
        <source>走访网格</source>
        <translation>Visit grid</translation>
    </message>
    <message>
        <source>慢性病</source>
        <translation>Chronic disease</translation>
    </message>
    <message>
        <source>慢病情况</source>
        <translation>Chronic condition</translation>
    </message>
    <message>
        <source>疫苗剂次</source>
        <translation>Vaccine doses</translation>
    </message>
    <message>
        <source>末次接种日期</source>
        <translation>Last vaccination date</translation>
    </message>
    <message>
        <source>接种情况</source>
        <translation>Vaccination status</translation>
    </message>
    <message>
        <source>行动不便</source>
        <translation>Limited mobility</translation>
    </message>
    <message>
        <source>评分因素</source>
        <translation>Scoring factor</translation>
    </message>
    <message>
        <source>档次</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>分值</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>设定日期</source>
        <translation>Date set</translation>
    </message>
    <message>
        <source>周一日期</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>分级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>签约日期</source>
        <translation>Contract date</translation>
    </message>
    <message>
        <source>到期日期</source>
        <translation>Expiry date</translation>
    </message>
    <message>
        <source>服务时所在微网格</source>
        <translation>Micro-grid at time of service</translation>
    </message>
    <message>
        <source>服务类型</source>
        <translation>Service type</translation>
    </message>
    <message>
        <source>服务日期</source>
        <translation>Service date</translation>
    </message>
    <message>
        <source>服务人</source>
        <translation>Served by</translation>
    </message>
    <message>
        <source>服务人（网格员）</source>
        <translation>Served by (grid worker)</translation>
    </message>
    <message>
        <source>办理状态</source>
        <translation>Handling state</translation>
    </message>
    <message>
        <source>入户走访记录</source>
        <translation>Home visit records</translation>
    </message>
    <message>
        <source>全户（户主 {name}）</source>
        <translation>Whole household (head: {name})</translation>
    </message>
    <message>
        <source>入户走访记录（{start} 至 {end}）</source>
        <translation>Home visit records ({start} to {end})</translation>
    </message>
    <message>
        <source>走访记录</source>
        <translation>Visit records</translation>
    </message>
    <message>
        <source>走访统计（{start} 至 {end}，有走访的微网格）</source>
        <translation>Visit counts ({start} to {end}, micro-grids with visits)</translation>
    </message>
    <message>
        <source>走访人次</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>其中整户走访</source>
        <translation>Whole-household visits</translation>
    </message>
    <message>
        <source>服务对象</source>
        <translation>Person served</translation>
    </message>
    <message>
        <source>五到家服务台账</source>
        <translation>“Five to the home” services ledger</translation>
    </message>
    <message>
        <source>五到家服务台账（{start} 至 {end}）</source>
        <translation>“Five to the home” services ledger ({start} to {end})</translation>
    </message>
    <message>
        <source>迁出住户登记表</source>
        <translation>Register of households moved out</translation>
    </message>
    <message>
        <source>迁出户数</source>
        <translation>Households moved out</translation>
    </message>
    <message>
        <source>迁出人数</source>
        <translation>Persons moved out</translation>
    </message>
    <message>
        <source>原网格</source>
        <translation>Grid left</translation>
    </message>
    <message>
        <source>原住址</source>
        <translation>Address left</translation>
    </message>
    <message>
        <source>迁出日期</source>
        <translation>Moved out on</translation>
    </message>
    <message>
        <source>迁往</source>
        <translation>Moved to</translation>
    </message>
    <message>
        <source>{title}（{start} 至 {end}）</source>
        <translation>{title} ({start} to {end})</translation>
    </message>
    <message>
        <source>按网格统计</source>
        <translation>By grid</translation>
    </message>
    <message>
        <source>各微网格迁出住户</source>
        <translation>Households moved out per micro-grid</translation>
    </message>
    <message>
        <source>未分网格或网格已撤销</source>
        <translation>No grid, or grid removed</translation>
    </message>
    <message>
        <source>{grid}（已撤销）</source>
        <translation>{grid} (removed)</translation>
    </message>
    <message>
        <source>迁出住户</source>
        <translation>Moved out</translation>
    </message>
    <message>
        <source>另有 {n} 次服务的住户尚未划分网格，未计入上表各网格（见“服务记录”）。</source>
        <translation>Another {n} services went to households not yet assigned to a grid and are not counted in the grids above (see &quot;Service records&quot;).</translation>
    </message>
    <message>
        <source>全户</source>
        <translation>Whole household</translation>
    </message>
    <message>
        <source>服务记录</source>
        <translation>Service records</translation>
    </message>
    <message>
        <source>五到家服务记录</source>
        <translation>“Five to the home” service records</translation>
    </message>
    <message>
        <source>应走访人数</source>
        <translation>Key persons</translation>
    </message>
    <message>
        <source>本周已走访</source>
        <translation>Visited this week</translation>
    </message>
    <message>
        <source>本周应走访</source>
        <translation>Due this week</translation>
    </message>
    <message>
        <source>逾期未走访</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>期间走访人次</source>
        <translation>Visits in the period</translation>
    </message>
    <message>
        <source>入户走访情况统计（{start} 至 {end}）</source>
        <translation>Home visits in figures ({start} to {end})</translation>
    </message>
    <message>
        <source>走访统计</source>
        <translation>Visit figures</translation>
    </message>
    <message>
        <source>本村（社区）</source>
        <translation>This village (community)</translation>
    </message>
    <message>
        <source>草稿（未生成名单）</source>
        <translation>Draft (no list yet)</translation>
    </message>
    <message>
        <source>发放中</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>60岁以上老年人</source>
        <translation>Elderly aged 60+</translation>
    </message>
    <message>
        <source>未成年人</source>
        <translation>Minors</translation>
    </message>
    <message>
        <source>（已删除的记录 {id}）</source>
        <translation>(deleted record {id})</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>加入名单</source>
        <translation>Add to list</translation>
    </message>
    <message>
        <source>移出名单</source>
        <translation>Remove from list</translation>
    </message>
    <message>
        <source>不走访</source>
        <translation>Not visited</translation>
    </message>
    <message>
        <source>{n} 天</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>：</source>
        <translation>:</translation>
    </message>
    <message>
        <source>{who} {day} 走访</source>
        <translation>visit to {who} on {day}</translation>
    </message>
    <message>
        <source>{staff}（{grid}{role}）</source>
        <translation>{staff} ({grid} {role})</translation>
    </message>
    <message>
        <source>{person}（{category}）</source>
        <translation>{person} ({category})</translation>
    </message>
    <message>
        <source>{person}（返乡）</source>
        <translation>{person} (returnee)</translation>
    </message>
    <message>
        <source>{person}（{campaign}）</source>
        <translation>{person} ({campaign})</translation>
    </message>
    <message>
        <source>{campaign}：{item}</source>
        <translation>{campaign}: {item}</translation>
    </message>
    <message>
        <source>{staff}（走访人）</source>
        <translation>{staff} (visitor)</translation>
    </message>
    <message>
        <source>{at} {category}事项</source>
        <translation>{category} matter of {at}</translation>
    </message>
    <message>
        <source>{label}含有敏感信息，不能导出公示版。</source>
        <translation>{label} holds sensitive details; it has no public version.</translation>
    </message>
    <message>
        <source>起始日期 {start} 晚于截止日期 {end}，请把两个日期对调。</source>
        <translation>The start date {start} is after the end date {end}: swap the two dates.</translation>
    </message>
    <message>
        <source>台账可保存为 .xlsx（Excel）或 .pdf（直接打印）文件：{path}</source>
        <translation>A ledger can be saved as .xlsx (Excel) or .pdf (ready to print): {path}</translation>
    </message>
    <message>
        <source>表头里没有“{header}”这一列。表头：{names}</source>
        <translation>The header has no column “{header}”. Header: {names}</translation>
    </message>
    <message>
        <source>列的对应应写成 表头=字段，例如 联系方式=phone：{item}</source>
        <translation>A column&apos;s field must be written header=field, e.g. 联系方式=phone: {item}</translation>
    </message>
    <message>
        <source>（--map）</source>
        <translation> (--map)</translation>
    </message>
    <message>
        <source>“{header}”这一列指定了两次。</source>
        <translation>The column “{header}” is given twice.</translation>
    </message>
    <message>
        <source>请只保留一个 --map。</source>
        <translation> Keep only one --map.</translation>
    </message>
    <message>
        <source>没有名为“{key}”的字段。</source>
        <translation>No field named “{key}”.</translation>
    </message>
    <message>
        <source>可用 gridoffice fill --list-fields 查看全部字段。</source>
        <translation> Use gridoffice fill --list-fields to see all fields.</translation>
    </message>
    <message>
        <source>工作表“{sheet}”设置了保护，无法填写。请在 Excel 或 WPS 里撤销工作表保护后再试。</source>
        <translation>Worksheet “{sheet}” is protected and cannot be filled. Remove the sheet protection in Excel or WPS and try again.</translation>
    </message>
    <message>
        <source>字段“{field}”对应了两列，请把其中一列改为不填。</source>
        <translation>Field “{field}” is mapped to two columns; set one of them to leave empty.</translation>
    </message>
    <message>
        <source>表头里没有认出任何可填的列。</source>
        <translation>No fillable column recognised in the header.</translation>
    </message>
    <message>
        <source>请用 --map 表头=字段 指定。</source>
        <translation> Use --map header=field.</translation>
    </message>
    <message>
        <source>请回到“核对每一列填什么”，在“填写字段”一栏给要填的列选上字段。</source>
        <translation>Go back to “Check what each column is filled with” and choose a “Field” for the columns to fill.</translation>
    </message>
    <message>
        <source>表格第 {first}–{last} 行已经有数据：请选择接在后面填还是替换这些行。</source>
        <translation>Rows {first}–{last} of the table already hold data: choose whether to fill after them or replace those rows.</translation>
    </message>
    <message>
        <source>（--existing below 或 --existing replace）</source>
        <translation> (--existing below or --existing replace)</translation>
    </message>
    <message>
        <source>请回到“填哪些人、哪个网格”，在“表格已有数据时：”里选一项。</source>
        <translation>Go back to “Whom and which grid to fill” and make a choice under “When the form has data:”.</translation>
    </message>
    <message>
        <source>按网格填的统计表要有户数、人数这样的统计列，这张表没有。</source>
        <translation>A per-grid statistics table needs count columns such as households or people; this one has none.</translation>
    </message>
    <message>
        <source>填好的表格保存为 .xlsx 文件：{path}</source>
        <translation>Save the filled table as an .xlsx file: {path}</translation>
    </message>
    <message>
        <source>文件夹不存在：{path}</source>
        <translation>The folder does not exist: {path}</translation>
    </message>
    <message>
        <source>不能覆盖 {path}：文件可能正在 Excel 或 WPS 中打开。请关闭它，或换一个文件名。</source>
        <translation>Cannot overwrite {path}: the file may be open in Excel or WPS. Close it, or choose another file name.</translation>
    </message>
    <message>
        <source>不能覆盖 {path}：文件可能正在 Excel 或 WPS 中打开。请关闭它，或换一个文件名再导出。</source>
        <translation>Cannot overwrite {path}: it may be open in Excel or WPS. Close it, or export under another name.</translation>
    </message>
    <message>
        <source>无法写入文件 {path}：{error}</source>
        <translation>Cannot write the file {path}: {error}</translation>
    </message>
    <message>
        <source>未指定网格</source>
        <translation>No grid given</translation>
    </message>
    <message>
        <source>待处理</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>处理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>特急</source>
        <translation>Very urgent</translation>
    </message>
    <message>
        <source>求助</source>
        <translation>Help request</translation>
    </message>
    <message>
        <source>矛盾纠纷</source>
        <translation>Dispute</translation>
    </message>
    <message>
        <source>安全隐患</source>
        <translation>Safety hazard</translation>
    </message>
    <message>
        <source>环境卫生</source>
        <translation>Sanitation</translation>
    </message>
    <message>
        <source>设施报修</source>
        <translation>Repair</translation>
    </message>
    <message>
        <source>政策咨询</source>
        <translation>Policy question</translation>
    </message>
    <message>
        <source>事项类别至少要有一个。</source>
        <translation>At least one matter category is needed.</translation>
    </message>
    <message>
        <source>类别名称不能超过 {n} 个字：{name}</source>
        <translation>A category name has at most {n} characters: {name}</translation>
    </message>
    <message>
        <source>修改事项类别</source>
        <translation>Change matter categories</translation>
    </message>
    <message>
        <source>超期天数应在 1 到 365 之间。</source>
        <translation>Overdue days must be between 1 and 365.</translation>
    </message>
    <message>
        <source>超期提醒改为 {n} 天</source>
        <translation>Overdue reminder set to {n} days</translation>
    </message>
    <message>
        <source>请填写事项内容。</source>
        <translation>Describe the matter.</translation>
    </message>
    <message>
        <source>请选择事项类别。</source>
        <translation>Choose a matter category.</translation>
    </message>
    <message>
        <source>紧急程度只能是：{choices}</source>
        <translation>Urgency can only be: {choices}</translation>
    </message>
    <message>
        <source>登记时间晚于现在，请检查。</source>
        <translation>The recording time is in the future; please check.</translation>
    </message>
    <message>
        <source>“{field}”超过 {n} 字。</source>
        <translation>“{field}” is over {n} characters.</translation>
    </message>
    <message>
        <source>登记事项：{text}</source>
        <translation>Record matter: {text}</translation>
    </message>
    <message>
        <source>这件事项已不存在。</source>
        <translation>This matter no longer exists.</translation>
    </message>
    <message>
        <source>修改事项 {id}</source>
        <translation>Change matter {id}</translation>
    </message>
    <message>
        <source>响应时间不能早于登记时间。</source>
        <translation>The response time cannot be before the recording time.</translation>
    </message>
    <message>
        <source>办结时间不能早于登记时间。</source>
        <translation>The closing time cannot be before the recording time.</translation>
    </message>
    <message>
        <source>没有这个状态：{state}</source>
        <translation>No such state: {state}</translation>
    </message>
    <message>
        <source>这件事项已经是“{state}”。</source>
        <translation>This matter is already “{state}”.</translation>
    </message>
    <message>
        <source>已办结的事项不能再改状态；如有新情况，请另登记一件事项。</source>
        <translation>A closed matter cannot change state; record a new matter for new developments.</translation>
    </message>
    <message>
        <source>“{old}”的事项不能直接改为“{new}”。</source>
        <translation>A matter that is “{old}” cannot go straight to “{new}”.</translation>
    </message>
    <message>
        <source>时间 {at} 早于登记时间 {reported}。</source>
        <translation>Time {at} is before the recording time {reported}.</translation>
    </message>
    <message>
        <source>办结时请填写办理结果。</source>
        <translation>Give the outcome when closing.</translation>
    </message>
    <message>
        <source>转办时请写明转到哪里（哪一级、哪个部门）。</source>
        <translation>Say where it was transferred to (which level, which department).</translation>
    </message>
    <message>
        <source>事项 {id} 改为{state}</source>
        <translation>Matter {id} set to {state}</translation>
    </message>
    <message>
        <source>事项 {id} 改回{state}</source>
        <translation>Matter {id} set back to {state}</translation>
    </message>
    <message>
        <source>60 岁以上</source>
        <translation>Aged 60+</translation>
    </message>
    <message>
        <source>80 岁以上</source>
        <translation>Aged 80+</translation>
    </message>
    <message>
        <source>未成年</source>
        <translation>Minor</translation>
    </message>
    <message>
        <source>未知的重点人群类别：{code}</source>
        <translation>Unknown key-population category: {code}</translation>
    </message>
    <message>
        <source>应为整数</source>
        <translation>Should be a whole number</translation>
    </message>
    <message>
        <source>数值太大</source>
        <translation>number too large</translation>
    </message>
    <message>
        <source>不是有效日期</source>
        <translation>Not a valid date</translation>
    </message>
    <message>
        <source>应为年月，如 2022-03</source>
        <translation>Should be a year and month, e.g. 2022-03</translation>
    </message>
    <message>
        <source>应为其中之一：{choices}</source>
        <translation>Should be one of: {choices}</translation>
    </message>
    <message>
        <source>结束日期早于开始日期</source>
        <translation>The end date is before the start date</translation>
    </message>
    <message>
        <source>人员不存在</source>
        <translation>The person does not exist</translation>
    </message>
    <message>
        <source>{name} 加入{label}</source>
        <translation>{name} added to {label}</translation>
    </message>
    <message>
        <source>修改 {name} 的{label}信息</source>
        <translation>Change {name}&apos;s {label} details</translation>
    </message>
    <message>
        <source>该人员不在这一类重点人群中</source>
        <translation>This person is not in this key-population category</translation>
    </message>
    <message>
        <source>{name} 移出{label}</source>
        <translation>{name} removed from {label}</translation>
    </message>
    <message>
        <source>请填写返乡日期</source>
        <translation>Give the return date</translation>
    </message>
    <message>
        <source>离开日期早于返乡日期</source>
        <translation>The departure date is before the return date</translation>
    </message>
    <message>
        <source>预计离开日期早于返乡日期</source>
        <translation>The expected departure date is before the return date</translation>
    </message>
    <message>
        <source>登记 {name} 返乡</source>
        <translation>Record {name}&apos;s return</translation>
    </message>
    <message>
        <source>返乡记录不存在</source>
        <translation>The return record does not exist</translation>
    </message>
    <message>
        <source>修改 {name} 的返乡记录</source>
        <translation>Change {name}&apos;s return record</translation>
    </message>
    <message>
        <source>删除返乡记录</source>
        <translation>Delete return record</translation>
    </message>
    <message>
        <source>所选人员没有已过预计离开日期、尚未登记离开的返乡记录。</source>
        <translation>None of the selected persons has a returnee stay past its expected departure without a recorded departure.</translation>
    </message>
    <message>
        <source>确认 {n} 名返乡人员已离开</source>
        <translation>Confirm that {n} returnees have left</translation>
    </message>
    <message>
        <source>服务清单（五到家）</source>
        <translation>Services (five to your door)</translation>
    </message>
    <message>
        <source>就医转诊路径</source>
        <translation>Medical referral path</translation>
    </message>
    <message>
        <source>送医到家
温暖到家
预防到家
互助到家
宣传到家</source>
        <translation>Medical care to your door
Warmth and care to your door
Prevention to your door
Mutual aid to your door
Information to your door</translation>
    </message>
    <message>
        <source>药品临期提醒天数</source>
        <translation>Days before expiry to warn about medicine</translation>
    </message>
    <message>
        <source>公示牌标题</source>
        <translation>Public board title</translation>
    </message>
    <message>
        <source>公示牌服务清单标题</source>
        <translation>Public board service list title</translation>
    </message>
    <message>
        <source>公示牌服务清单（每行一项）</source>
        <translation>Public board service list (one item per line)</translation>
    </message>
    <message>
        <source>公示牌转诊路径标题</source>
        <translation>Public board referral path title</translation>
    </message>
    <message>
        <source>村卫生站
街道社区卫生服务中心（发热门诊）
区级医院</source>
        <translation>Village clinic
Street community health centre (fever clinic)
District hospital</translation>
    </message>
    <message>
        <source>公示牌转诊路径（每行一级）</source>
        <translation>Public board referral path (one level per line)</translation>
    </message>
    <message>
        <source>监督电话</source>
        <translation>Supervision hotline</translation>
    </message>
    <message>
        <source>公示牌监督电话说明</source>
        <translation>Public board supervision phone caption</translation>
    </message>
    <message>
        <source>公示牌监督电话</source>
        <translation>Public board supervision phone</translation>
    </message>
    <message>
        <source>公示牌二维码网址（留空：拨打微网格长电话）</source>
        <translation>Public board QR code URL (leave empty: call the micro-grid leader&apos;s phone)</translation>
    </message>
    <message>
        <source>扫一扫
拨打微网格长电话</source>
        <translation>Scan to call
the micro-grid leader</translation>
    </message>
    <message>
        <source>扫一扫
了解更多</source>
        <translation>Scan
to learn more</translation>
    </message>
    <message>
        <source>修改公示牌文字</source>
        <translation>Change poster texts</translation>
    </message>
    <message>
        <source>{code} 不是总网格（村/社区）</source>
        <translation>{code} is not a community grid (village/community)</translation>
    </message>
    <message>
        <source>不能覆盖 {path}：文件可能正在 PDF 阅读器中打开。请关闭它，或换一个文件名。</source>
        <translation>Cannot overwrite {path}: the file may be open in a PDF reader. Close it, or choose another file name.</translation>
    </message>
    <message>
        <source>无法写入 {path}：{reason}</source>
        <translation>Cannot write {path}: {reason}</translation>
    </message>
    <message>
        <source>{code} 下没有微网格</source>
        <translation>{code} has no micro-grids</translation>
    </message>
    <message>
        <source>无法建立文件夹 {path}：{reason}</source>
        <translation>Cannot create the folder {path}: {reason}</translation>
    </message>
    <message>
        <source>数据库里没有总网格（村/社区）</source>
        <translation>The database has no community grid (village/community)</translation>
    </message>
    <message>
        <source>户号 {number}</source>
        <translation>Household {number}</translation>
    </message>
    <message>
        <source>未分户</source>
        <translation>No household</translation>
    </message>
    <message>
        <source>身份证号 {id} 已登记为 {name}（{where}）</source>
        <translation>ID number {id} is already recorded for {name} ({where})</translation>
    </message>
    <message>
        <source>，该记录在回收站中，可先恢复</source>
        <translation>; that record is in the recycle bin and can be restored first</translation>
    </message>
    <message>
        <source>记录不存在（可能已被彻底删除）</source>
        <translation>The record does not exist (it may have been deleted for good)</translation>
    </message>
    <message>
        <source>请填写户号</source>
        <translation>Give the household number</translation>
    </message>
    <message>
        <source>户号 {number} 已被另一户使用</source>
        <translation>Household number {number} is used by another household</translation>
    </message>
    <message>
        <source>所选网格不存在</source>
        <translation>The chosen grid does not exist</translation>
    </message>
    <message>
        <source>住户只能归入微网格或专属网格，“{name}”是上级网格</source>
        <translation>A household can only belong to a micro-grid or dedicated grid; “{name}” is a higher grid</translation>
    </message>
    <message>
        <source>新增住户 {number}</source>
        <translation>Add household {number}</translation>
    </message>
    <message>
        <source>修改住户 {number}</source>
        <translation>Change household {number}</translation>
    </message>
    <message>
        <source>住户不存在</source>
        <translation>The household does not exist</translation>
    </message>
    <message>
        <source>该户已在“{name}”</source>
        <translation>The household is already in “{name}”</translation>
    </message>
    <message>
        <source>把住户 {number} 移到 {grid}</source>
        <translation>Move household {number} to {grid}</translation>
    </message>
    <message>
        <source>删除住户 {number}（移入回收站）</source>
        <translation>Delete household {number} (to the recycle bin)</translation>
    </message>
    <message>
        <source>回收站中没有这一户</source>
        <translation>This household is not in the recycle bin</translation>
    </message>
    <message>
        <source>户号 {number} 已被另一户使用，无法恢复</source>
        <translation>Household number {number} is used by another household; cannot restore</translation>
    </message>
    <message>
        <source>恢复住户 {number}</source>
        <translation>Restore household {number}</translation>
    </message>
    <message>
        <source>只能彻底删除回收站中的住户</source>
        <translation>Only households in the recycle bin can be deleted for good</translation>
    </message>
    <message>
        <source>该户还有 {n} 名成员不在回收站，不能彻底删除</source>
        <translation>{n} members of this household are not in the recycle bin; cannot delete it for good</translation>
    </message>
    <message>
        <source>彻底删除住户 {number}</source>
        <translation>Delete household {number} for good</translation>
    </message>
    <message>
        <source>有走访或发放记录引用这些人员（走访 {v} 条，发放 {e} 条），不能彻底删除，留在回收站即可</source>
        <translation>Visit or handout records refer to these people ({v} visits, {e} handouts); they cannot be deleted for good — leave them in the recycle bin</translation>
    </message>
    <message>
        <source>有 {n} 条五到家服务记录引用这些人员，不能彻底删除，留在回收站即可</source>
        <translation>{n} “five to the home” service records refer to these people, so they cannot be deleted for good; leave them in the recycle bin</translation>
    </message>
    <message>
        <source>有 {n} 条药品互助记录引用这些人员，不能彻底删除，留在回收站即可</source>
        <translation>{n} medicine box records refer to these people; they cannot be deleted permanently and can stay in the recycle bin</translation>
    </message>
    <message>
        <source>60+×{n}</source>
        <translation>60+×{n}</translation>
    </message>
    <message>
        <source>缺身份证×{n}</source>
        <translation>no ID×{n}</translation>
    </message>
    <message>
        <source>无在册成员</source>
        <translation>No registered members</translation>
    </message>
    <message>
        <source>无户主</source>
        <translation>No head of household</translation>
    </message>
    <message>
        <source>未分网格</source>
        <translation>No grid</translation>
    </message>
    <message>
        <source>住户 {number}</source>
        <translation>Household {number}</translation>
    </message>
    <message>
        <source>{address}，成员 {n} 人</source>
        <translation>{address}, {n} members</translation>
    </message>
    <message>
        <source>请填写姓名</source>
        <translation>Give the name</translation>
    </message>
    <message>
        <source>出生日期不是有效日期</source>
        <translation>The birth date is not a valid date</translation>
    </message>
    <message>
        <source>性别应为男或女</source>
        <translation>Sex must be male or female</translation>
    </message>
    <message>
        <source>不认识的关系“{text}”，请从列表中选择</source>
        <translation>Unknown relation “{text}”; choose from the list</translation>
    </message>
    <message>
        <source>已有同名同出生日期的人员：{name}（{born}），请确认不是同一人</source>
        <translation>A person with the same name and birth date exists: {name} ({born}); make sure it is not the same person</translation>
    </message>
    <message>
        <source>该户已有户主 {name}，请用“设为户主”更换</source>
        <translation>The household already has a head, {name}; use “Make head” to change</translation>
    </message>
    <message>
        <source>新增人员 {name}</source>
        <translation>Add person {name}</translation>
    </message>
    <message>
        <source>修改人员 {name}</source>
        <translation>Change person {name}</translation>
    </message>
    <message>
        <source>该人员未归入任何一户</source>
        <translation>This person belongs to no household</translation>
    </message>
    <message>
        <source>{name} 已{status}，不能设为户主</source>
        <translation>{name} is {status}; cannot be made head</translation>
    </message>
    <message>
        <source>{name} 已是户主</source>
        <translation>{name} is already the head</translation>
    </message>
    <message>
        <source>原户主的新关系“{text}”不对</source>
        <translation>The former head&apos;s new relation “{text}” is wrong</translation>
    </message>
    <message>
        <source>设 {name} 为户主</source>
        <translation>Make {name} head of household</translation>
    </message>
    <message>
        <source>状态应为在册、迁出或死亡</source>
        <translation>Status must be registered, moved out or deceased</translation>
    </message>
    <message>
        <source>请填写{status}日期</source>
        <translation>Give the date ({status})</translation>
    </message>
    <message>
        <source>盒</source>
        <translation>box</translation>
    </message>
    <message>
        <source>瓶</source>
        <translation>bottle</translation>
    </message>
    <message>
        <source>袋</source>
        <translation>bag</translation>
    </message>
    <message>
        <source>支</source>
        <translation>tube</translation>
    </message>
    <message>
        <source>板</source>
        <translation>strip</translation>
    </message>
    <message>
        <source>个</source>
        <translation>piece</translation>
    </message>
    <message>
        <source>包</source>
        <translation>pack</translation>
    </message>
    <message>
        <source>{what}不超过 {n} 个字</source>
        <translation>{what} must be at most {n} characters</translation>
    </message>
    <message>
        <source>请填写药品名称</source>
        <translation>Please enter the medicine name</translation>
    </message>
    <message>
        <source>请填写单位（盒、瓶、袋…）</source>
        <translation>Please enter the unit (box, bottle, bag…)</translation>
    </message>
    <message>
        <source>数量应为正整数</source>
        <translation>The quantity must be a positive whole number</translation>
    </message>
    <message>
        <source>数量不超过 {n}</source>
        <translation>The quantity must be at most {n}</translation>
    </message>
    <message>
        <source>日期晚于今天</source>
        <translation>The date is after today</translation>
    </message>
    <message>
        <source>日期不对</source>
        <translation>Invalid date</translation>
    </message>
    <message>
        <source>请填写捐赠人（花名册中的居民，或写上姓名、单位）</source>
        <translation>Please enter the donor (a resident in the roster, or a name or organisation)</translation>
    </message>
    <message>
        <source>这批药品已过期（有效期至 {day}），不能入库</source>
        <translation>This batch has expired (expiry {day}) and cannot be stocked in</translation>
    </message>
    <message>
        <source>药品入库</source>
        <translation>Stock in medicine</translation>
    </message>
    <message>
        <source>药品入库：{item} {n}{unit}</source>
        <translation>Medicine stocked in: {item} {n} {unit}</translation>
    </message>
    <message>
        <source>药品发放</source>
        <translation>Hand out medicine</translation>
    </message>
    <message>
        <source>“{item}”已于 {day} 过期，不能发放，请报废</source>
        <translation>&quot;{item}&quot; expired on {day} and cannot be handed out; please write it off</translation>
    </message>
    <message>
        <source>领取人</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>药品发放：{item} {n}{unit} 给 {name}</source>
        <translation>Medicine handed out: {item} {n} {unit} to {name}</translation>
    </message>
    <message>
        <source>药品报废</source>
        <translation>Write off medicine</translation>
    </message>
    <message>
        <source>药品报废：{item} {n}{unit}</source>
        <translation>Medicine written off: {item} {n} {unit}</translation>
    </message>
    <message>
        <source>修改药品</source>
        <translation>Edit medicine</translation>
    </message>
    <message>
        <source>这批药品在 {day} 还发放过，有效期不能早于那一天</source>
        <translation>This batch was still handed out on {day}; the expiry date cannot be earlier than that day</translation>
    </message>
    <message>
        <source>修改药品：{item}</source>
        <translation>Edit medicine: {item}</translation>
    </message>
    <message>
        <source>修改药品出入库记录</source>
        <translation>Edit medicine stock movement record</translation>
    </message>
    <message>
        <source>“{item}”在 {day} 已过期，那天不能发放</source>
        <translation>&quot;{item}&quot; had expired by {day} and cannot be handed out on that day</translation>
    </message>
    <message>
        <source>修改{kind}记录：{item}</source>
        <translation>Edit {kind} record: {item}</translation>
    </message>
    <message>
        <source>删除药品出入库记录</source>
        <translation>Delete medicine stock movement record</translation>
    </message>
    <message>
        <source>删除{kind}记录：{item}</source>
        <translation>Delete {kind} record: {item}</translation>
    </message>
    <message>
        <source>删除药品</source>
        <translation>Delete medicine</translation>
    </message>
    <message>
        <source>“{item}”已有 {n} 条发放记录，不能删除；剩下的请报废</source>
        <translation>&quot;{item}&quot; already has {n} hand-out records and cannot be deleted; please write off what is left</translation>
    </message>
    <message>
        <source>删除药品：{item}</source>
        <translation>Delete medicine: {item}</translation>
    </message>
    <message>
        <source>药品箱里没有这种药品（编号 {id}）</source>
        <translation>This medicine is not in the medicine box (No. {id})</translation>
    </message>
    <message>
        <source>这条出入库记录已不存在</source>
        <translation>This stock movement record no longer exists</translation>
    </message>
    <message>
        <source>{role}不在花名册中（编号 {id}）</source>
        <translation>{role} is not in the roster (No. {id})</translation>
    </message>
    <message>
        <source>{role} {name} 已{status}</source>
        <translation>{role} {name}: {status}</translation>
    </message>
    <message>
        <source>库存不能为负：“{item}”在 {day} 只有 {have}{unit}，不够{kind} {n}{unit}</source>
        <translation>Stock cannot go negative: on {day} &quot;{item}&quot; has only {have} {unit}, not enough for the {kind} of {n} {unit}</translation>
    </message>
    <message>
        <source>药品箱里没有“{item}”</source>
        <translation>There is no &quot;{item}&quot; in the medicine box</translation>
    </message>
    <message>
        <source>“{item}”未过期的库存不够：单批最多 {n}</source>
        <translation>Not enough unexpired stock of &quot;{item}&quot;: at most {n} from a single batch</translation>
    </message>
    <message>
        <source>日期早于出生日期</source>
        <translation>The date is before the birth date</translation>
    </message>
    <message>
        <source>登记 {name} 迁出</source>
        <translation>Record {name} as moved out</translation>
    </message>
    <message>
        <source>登记 {name} 死亡</source>
        <translation>Record {name} as deceased</translation>
    </message>
    <message>
        <source>恢复 {name} 为在册</source>
        <translation>Restore {name} as registered</translation>
    </message>
    <message>
        <source>删除人员 {name}（移入回收站）</source>
        <translation>Delete person {name} (to the recycle bin)</translation>
    </message>
    <message>
        <source>{name} 不在回收站</source>
        <translation>{name} is not in the recycle bin</translation>
    </message>
    <message>
        <source>{name} 所在的住户 {number} 也在回收站，请恢复该户</source>
        <translation>{name}&apos;s household {number} is in the recycle bin too; restore the household</translation>
    </message>
    <message>
        <source>恢复人员 {name}</source>
        <translation>Restore person {name}</translation>
    </message>
    <message>
        <source>只能彻底删除回收站中的人员</source>
        <translation>Only people in the recycle bin can be deleted for good</translation>
    </message>
    <message>
        <source>彻底删除人员 {name}</source>
        <translation>Delete person {name} for good</translation>
    </message>
    <message>
        <source>拼音</source>
        <translation>Pinyin</translation>
    </message>
    <message>
        <source>身份证</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>姓名不能为空。</source>
        <translation>The name cannot be empty.</translation>
    </message>
    <message>
        <source>姓名太长（最多 50 个字）。</source>
        <translation>The name is too long (at most 50 characters).</translation>
    </message>
    <message>
        <source>性别应为“男”或“女”。</source>
        <translation>Sex must be “男” (male) or “女” (female).</translation>
    </message>
    <message>
        <source>电话“{raw}”有误：{problem}</source>
        <translation>Phone “{raw}” is wrong: {problem}</translation>
    </message>
    <message>
        <source>找不到照片文件：{path}</source>
        <translation>Photo file not found: {path}</translation>
    </message>
    <message>
        <source>找不到这位网格员。</source>
        <translation>Grid worker not found.</translation>
    </message>
    <message>
        <source>新增网格员{name}</source>
        <translation>Add grid worker {name}</translation>
    </message>
    <message>
        <source>修改网格员{name}</source>
        <translation>Change grid worker {name}</translation>
    </message>
    <message>
        <source>{name}复任</source>
        <translation>{name} back in service</translation>
    </message>
    <message>
        <source>{name}离任</source>
        <translation>{name} left service</translation>
    </message>
    <message>
        <source>工作电话“{raw}”有误：{problem}</source>
        <translation>Work phone “{raw}” is wrong: {problem}</translation>
    </message>
    <message>
        <source>网格不存在或已被合并、删除。</source>
        <translation>The grid does not exist, or was merged or deleted.</translation>
    </message>
    <message>
        <source>未知的岗位：{role}</source>
        <translation>Unknown post: {role}</translation>
    </message>
    <message>
        <source>{role}只能设在{levels}。</source>
        <translation>{role} can only be set at: {levels}.</translation>
    </message>
    <message>
        <source>{name}已经是“{grid}”的{role}。</source>
        <translation>{name} is already {role} of “{grid}”.</translation>
    </message>
    <message>
        <source>任命{name}为“{grid}”{role}</source>
        <translation>Appoint {name} as {role} of “{grid}”</translation>
    </message>
    <message>
        <source>这个岗位已不存在。</source>
        <translation>This post no longer exists.</translation>
    </message>
    <message>
        <source>免去{name}“{grid}”{role}</source>
        <translation>Remove {name} as {role} of “{grid}”</translation>
    </message>
    <message>
        <source>{name}加入服务团队</source>
        <translation>{name} joins the service team</translation>
    </message>
    <message>
        <source>{name}退出服务团队</source>
        <translation>{name} leaves the service team</translation>
    </message>
    <message>
        <source>修改{name}的岗位</source>
        <translation>Change {name}&apos;s post</translation>
    </message>
    <message>
        <source>把{name}设为首要联系人</source>
        <translation>Make {name} the main contact</translation>
    </message>
    <message>
        <source>请选择一个村（社区）。</source>
        <translation>Choose a village (community).</translation>
    </message>
    <message>
        <source>网格编码不能为空。</source>
        <translation>The grid code cannot be empty.</translation>
    </message>
    <message>
        <source>网格编码不能超过 {n} 个字符，也不能以 ~ 开头。</source>
        <translation>A grid code has at most {n} characters and cannot start with ~.</translation>
    </message>
    <message>
        <source>网格编码“{code}”已被“{name}”使用，编码不能重复。</source>
        <translation>Grid code “{code}” is used by “{name}”; codes must be unique.</translation>
    </message>
    <message>
        <source>网格名称不能为空。</source>
        <translation>The grid name cannot be empty.</translation>
    </message>
    <message>
        <source>网格名称不能超过 {n} 个字。</source>
        <translation>A grid name has at most {n} characters.</translation>
    </message>
    <message>
        <source>覆盖范围不能超过 {n} 个字。</source>
        <translation>The area covered has at most {n} characters.</translation>
    </message>
    <message>
        <source>未知的网格层级：{level}</source>
        <translation>Unknown grid level: {level}</translation>
    </message>
    <message>
        <source>最上层</source>
        <translation>Top level</translation>
    </message>
    <message>
        <source>{level}不能放在{where}下面。</source>
        <translation>A {level} cannot go under {where}.</translation>
    </message>
    <message>
        <source>新建{level}“{name}”</source>
        <translation>Create {level} “{name}”</translation>
    </message>
    <message>
        <source>“{name}”下还有下级网格，请先移走或合并。</source>
        <translation>“{name}” still has sub-grids; move or merge them first.</translation>
    </message>
    <message>
        <source>“{name}”里还有住户，请先把住户划到别的网格，或用“合并”。</source>
        <translation>“{name}” still has households; move them to another grid first, or use “Merge”.</translation>
    </message>
    <message>
        <source>删除网格“{name}”</source>
        <translation>Delete grid “{name}”</translation>
    </message>
    <message>
        <source>网格未改动</source>
        <translation>Grid unchanged</translation>
    </message>
    <message>
        <source>把“{old}”改名为“{new}”</source>
        <translation>Rename “{old}” to “{new}”</translation>
    </message>
    <message>
        <source>把“{name}”的编码改为 {code}</source>
        <translation>Change the code of “{name}” to {code}</translation>
    </message>
    <message>
        <source>修改“{name}”</source>
        <translation>Change “{name}”</translation>
    </message>
    <message>
        <source>不能把网格移到它自己或它的下级网格下面。</source>
        <translation>A grid cannot go under itself or one of its sub-grids.</translation>
    </message>
    <message>
        <source>把“{name}”移到“{parent}”下</source>
        <translation>Move “{name}” under “{parent}”</translation>
    </message>
    <message>
        <source>请至少选一个要并入的网格。</source>
        <translation>Choose at least one grid to merge.</translation>
    </message>
    <message>
        <source>只能合并同一层级的网格：“{a}”是{la}，“{b}”是{lb}。</source>
        <translation>Only grids of the same level can merge: “{a}” is a {la}, “{b}” is a {lb}.</translation>
    </message>
    <message>
        <source>村（社区）和街道不能在这里合并。</source>
        <translation>Villages (communities) and streets cannot be merged here.</translation>
    </message>
    <message>
        <source>把{names}并入“{target}”（{n} 户）</source>
        <translation>Merge {names} into “{target}” ({n} households)</translation>
    </message>
    <message>
        <source>拆分时请选出要分到新网格的住户或下级网格。</source>
        <translation>Choose the households or sub-grids that go to the new grid.</translation>
    </message>
    <message>
        <source>村（社区）和街道不能在这里拆分。</source>
        <translation>Villages (communities) and streets cannot be split here.</translation>
    </message>
    <message>
        <source>有 {n} 户不在“{name}”里，不能从它拆出。</source>
        <translation>{n} households are not in “{name}”; cannot split them off it.</translation>
    </message>
    <message>
        <source>选中的下级网格不全在“{name}”下面。</source>
        <translation>Not all selected sub-grids are under “{name}”.</translation>
    </message>
    <message>
        <source>从“{old}”拆出“{new}”（{n} 户）</source>
        <translation>Split “{new}” off “{old}” ({n} households)</translation>
    </message>
    <message>
        <source>走访日期 {day} 晚于今天，请检查。</source>
        <translation>Visit date {day} is after today; please check.</translation>
    </message>
    <message>
        <source>走访日期 {day} 太早，请检查。</source>
        <translation>Visit date {day} is too early; please check.</translation>
    </message>
    <message>
        <source>“{label}”超过 {n} 字，请精简后再保存。</source>
        <translation>“{label}” is over {n} characters; shorten it before saving.</translation>
    </message>
    <message>
        <source>找不到这位居民（编号 {id}）。</source>
        <translation>Resident not found (number {id}).</translation>
    </message>
    <message>
        <source>{name} 已{status}，不能登记走访。</source>
        <translation>{name} is {status}; cannot record a visit.</translation>
    </message>
    <message>
        <source>一次只能登记同一户的成员：{name} 不在这一户。</source>
        <translation>Only members of one household at a time: {name} is not in this household.</translation>
    </message>
    <message>
        <source>请选择被走访的户或居民。</source>
        <translation>Choose the household or residents visited.</translation>
    </message>
    <message>
        <source>找不到这位网格员（编号 {id}）。</source>
        <translation>Grid worker not found (number {id}).</translation>
    </message>
    <message>
        <source>请至少选择或填写一位走访人。</source>
        <translation>Choose or enter at least one visitor.</translation>
    </message>
    <message>
        <source>走访人一栏超过 {n} 字，请精简。</source>
        <translation>The visitors field is over {n} characters; shorten it.</translation>
    </message>
    <message>
        <source>{number} 户</source>
        <translation>Household {number}</translation>
    </message>
    <message>
        <source>登记走访：{who}（{day}）</source>
        <translation>Visit recorded: {who} ({day})</translation>
    </message>
    <message>
        <source>要删除的走访记录已不存在。</source>
        <translation>The visit record to delete no longer exists.</translation>
    </message>
    <message>
        <source>删除走访记录</source>
        <translation>Delete visit record</translation>
    </message>
    <message>
        <source>80岁以上高龄老人</source>
        <translation>Oldest old (80+)</translation>
    </message>
    <message>
        <source>健康分级·{tier}</source>
        <translation>Health tier · {tier}</translation>
    </message>
    <message>
        <source>未评定</source>
        <translation>Not assessed</translation>
    </message>
    <message>
        <source>没有这个重点人群类别：{code}</source>
        <translation>No such key-population category: {code}</translation>
    </message>
    <message>
        <source>风险等级只能是 高、中、低 或留空</source>
        <translation>Risk level can only be 高 (high), 中 (medium), 低 (low) or empty</translation>
    </message>
    <message>
        <source>走访间隔应在 0 到 {max} 天之间（0 表示不定期走访）</source>
        <translation>Days between visits must be 0 to {max} (0 means as needed)</translation>
    </message>
    <message>
        <source>修改走访规则</source>
        <translation>Change visit rules</translation>
    </message>
    <message>
        <source>走访规则：{label}{risk} 每 {days} 天</source>
        <translation>Visit rule: {label}{risk} every {days} days</translation>
    </message>
    <message>
        <source>数据库文件的路径里有无法识别的字符（可能是另一种编码的文件名）：{path}</source>
        <translation>The database path contains characters that cannot be read (perhaps a file name in another encoding): {path}</translation>
    </message>
    <message>
        <source>不是有效的数据库地址：{url}</source>
        <translation>Not a valid database address: {url}</translation>
    </message>
    <message>
        <source>不支持这种数据库：{scheme}。请用数据库文件的路径，或 postgresql+psycopg://… 地址。</source>
        <translation>This kind of database is not supported: {scheme}. Use the path of a database file, or a postgresql+psycopg://… address.</translation>
    </message>
    <message>
        <source>缺少连接这种数据库的驱动：{scheme}。PostgreSQL 请写 postgresql+psycopg://…</source>
        <translation>No driver for this kind of database: {scheme}. For PostgreSQL write postgresql+psycopg://…</translation>
    </message>
    <message>
        <source>这是一个文件夹，不是数据库文件：{path}</source>
        <translation>This is a folder, not a database file: {path}</translation>
    </message>
    <message>
        <source>数据库文件不存在：{path}</source>
        <translation>Database file does not exist: {path}</translation>
    </message>
    <message>
        <source>无法读取数据库文件：{path}（{error}）</source>
        <translation>Cannot read the database file: {path} ({error})</translation>
    </message>
    <message>
        <source>这个文件是空的（0 字节），不是网格办公的数据库，程序没有改动它：{path}</source>
        <translation>This file is empty (0 bytes), not a GridOffice database; the program left it unchanged: {path}</translation>
    </message>
    <message>
        <source>这个文件不是网格办公的数据库，程序没有改动它：{path}</source>
        <translation>This file is not a GridOffice database; the program left it unchanged: {path}</translation>
    </message>
    <message>
        <source>文件或文件夹不存在</source>
        <translation>no such file or folder</translation>
    </message>
    <message>
        <source>路径中有一段不是文件夹</source>
        <translation>a part of the path is not a folder</translation>
    </message>
    <message>
        <source>这是一个文件夹</source>
        <translation>it is a folder</translation>
    </message>
    <message>
        <source>路径或文件名太长</source>
        <translation>the path or file name is too long</translation>
    </message>
    <message>
        <source>磁盘已满，数据没有写入。请清理磁盘空间后再试。</source>
        <translation>The disk is full; nothing was written. Free some disk space and try again.</translation>
    </message>
    <message>
        <source>没有写入权限：{where}。请换一个文件夹或检查权限。</source>
        <translation>No permission to write: {where}. Choose another folder or check the permissions.</translation>
    </message>
    <message>
        <source>路径不对：{where}（{error}）。请检查文件夹和文件名。</source>
        <translation>Wrong path: {where} ({error}). Please check the folder and the file name.</translation>
    </message>
    <message>
        <source>这个身份证号已经登记在另一个人名下</source>
        <translation>this ID number is already recorded for another person</translation>
    </message>
    <message>
        <source>这个网格编码已被别的网格使用</source>
        <translation>this grid code is already used by another grid</translation>
    </message>
    <message>
        <source>之后又有别的记录用到了它</source>
        <translation>other records have used it since</translation>
    </message>
    <message>
        <source>这条记录与已有的记录重复或冲突</source>
        <translation>this record duplicates or conflicts with an existing one</translation>
    </message>
    <message>
        <source>没有保存：{what}（可能刚被另一处修改）。请刷新后再试。</source>
        <translation>Not saved: {what} (it may have just been changed elsewhere). Refresh and try again.</translation>
    </message>
    <message>
        <source>数据库正被另一个程序（或另一台电脑）使用，请稍后再试，或关闭另一个网格办公窗口。</source>
        <translation>The database is in use by another program (or another computer). Try again later, or close the other GridOffice window.</translation>
    </message>
    <message>
        <source>数据库文件是只读的，不能保存修改。请检查文件或文件夹的权限。</source>
        <translation>The database file is read-only; changes cannot be saved. Check the file or folder permissions.</translation>
    </message>
    <message>
        <source>这个文件不是网格办公的数据库，或者已经损坏。</source>
        <translation>This file is not a GridOffice database, or it is damaged.</translation>
    </message>
    <message>
        <source>打不开数据库：{where}。请检查路径或网络地址。</source>
        <translation>Cannot open the database: {where}. Check the path or network address.</translation>
    </message>
    <message>
        <source>写入磁盘出错（磁盘可能已满或已拔出），数据没有写入。</source>
        <translation>Error writing to disk (it may be full or removed); nothing was written.</translation>
    </message>
    <message>
        <source>这个数据库里已有别的表，不是网格办公的数据库，程序没有改动它。</source>
        <translation>This database holds other tables; it is not a GridOffice database and was left unchanged.</translation>
    </message>
    <message>
        <source>这个数据库由更新版本的网格办公创建（结构版本 {rev}），本程序无法打开。请升级网格办公。</source>
        <translation>This database was created by a newer GridOffice (schema {rev}); this program cannot open it. Please update GridOffice.</translation>
    </message>
    <message>
        <source>数据库结构版本较旧（{rev}），需要先升级。</source>
        <translation>The database schema is older ({rev}) and must be upgraded first.</translation>
    </message>
    <message>
        <source>升级：gridoffice db upgrade</source>
        <translation> Upgrade: gridoffice db upgrade</translation>
    </message>
    <message>
        <source>请重新打开这个数据库：网格办公会先备份，再自动升级。</source>
        <translation>Open this database again: GridOffice backs it up first, then upgrades it.</translation>
    </message>
    <message>
        <source>数据库升级失败，已恢复为升级前的文件，没有数据丢失。详情见日志。</source>
        <translation>The database upgrade failed; the file from before the upgrade is back and no data was lost. See the log for details.</translation>
    </message>
    <message>
        <source>备份密码太短：至少要 {n} 个字符。</source>
        <translation>The backup password is too short: it needs at least {n} characters.</translation>
    </message>
    <message>
        <source>这不是网格办公的加密备份文件：{path}</source>
        <translation>This is not a GridOffice encrypted backup: {path}</translation>
    </message>
    <message>
        <source>备份密码不对，或者备份文件已被改动、损坏。</source>
        <translation>Wrong backup password, or the backup file was changed or damaged.</translation>
    </message>
    <message>
        <source>备份文件不存在：{path}</source>
        <translation>Backup file does not exist: {path}</translation>
    </message>
    <message>
        <source>打不开备份文件：{path}</source>
        <translation>Cannot open the backup file: {path}</translation>
    </message>
    <message>
        <source>这个文件不是网格办公的数据库，或者已经损坏：{path}</source>
        <translation>This file is not a GridOffice database, or it is damaged: {path}</translation>
    </message>
    <message>
        <source>备份文件已损坏（完整性检查未通过），不能恢复：{path}</source>
        <translation>The backup file is damaged (integrity check failed) and cannot be restored: {path}</translation>
    </message>
    <message>
        <source>这个文件不是网格办公的数据库：{path}</source>
        <translation>This file is not a GridOffice database: {path}</translation>
    </message>
    <message>
        <source>加密备份时出错（内存不足或程序被中断），备份没有做成。</source>
        <translation>The encrypted backup failed (out of memory, or the program was interrupted); no backup was made.</translation>
    </message>
    <message>
        <source>备份文件的结构版本记录不对（应有 1 条，实有 {n} 条），不能恢复：{path}</source>
        <translation>The backup&apos;s schema version record is wrong (1 row expected, {n} found); it cannot be restored: {path}</translation>
    </message>
    <message>
        <source>这个备份由更新版本的网格办公制作（结构版本 {rev}），本程序不能恢复它。</source>
        <translation>This backup was made by a newer GridOffice (schema {rev}); this program cannot restore it.</translation>
    </message>
    <message>
        <source>备份文件的结构与网格办公（结构版本 {rev}）不符，不能恢复：{what}</source>
        <translation>The backup&apos;s structure does not match GridOffice (schema version {rev}); it cannot be restored: {what}</translation>
    </message>
    <message>
        <source>Qt 6 界面</source>
        <translation>Qt 6 user interface</translation>
    </message>
    <message>
        <source>PDF 预览与打印（QtPdf）</source>
        <translation>PDF preview and printing (QtPdf)</translation>
    </message>
    <message>
        <source>数据库访问</source>
        <translation>Database access</translation>
    </message>
    <message>
        <source>数据表定义</source>
        <translation>Table definitions</translation>
    </message>
    <message>
        <source>数据库结构升级</source>
        <translation>Database schema upgrades</translation>
    </message>
    <message>
        <source>Excel 台账</source>
        <translation>Excel ledgers</translation>
    </message>
    <message>
        <source>PDF 公示牌与签收表</source>
        <translation>PDF posters and receipt sheets</translation>
    </message>
    <message>
        <source>姓名拼音检索</source>
        <translation>Pinyin name search</translation>
    </message>
    <message>
        <source>读取 Excel 花名册</source>
        <translation>Reading Excel rosters</translation>
    </message>
    <message>
        <source>PostgreSQL 连接（街道共用数据库）</source>
        <translation>PostgreSQL connection (street office shared database)</translation>
    </message>
    <message>
        <source>公示牌、台账 PDF 中的汉字（Noto Sans CJK SC 2.004 的修改版）</source>
        <translation>Chinese text in posters and ledger PDFs (a modified Noto Sans CJK SC 2.004)</translation>
    </message>
    <message>
        <source>村（社区）微网实格工作台：住户台账、网格与网格员、健康爱心包发放、走访与民情事项、Excel 台账导出、网格信息公示牌打印。数据保存在本机（或街道共用的数据库），不联网。</source>
        <translation>The village (community) micro-grid workbench: household rosters, grids and grid workers, health care kit handouts, visits and residents&apos; matters, Excel ledgers, grid notice-board posters. Data stays on this computer (or the street office&apos;s shared database); no internet needed.</translation>
    </message>
    <message>
        <source>无法完成</source>
        <translation>Cannot complete</translation>
    </message>
    <message>
        <source>{name}（{code}，{n}户）</source>
        <translation>{name} ({code}, {n} households)</translation>
    </message>
    <message>
        <source>儿子</source>
        <translation>Son</translation>
    </message>
    <message>
        <source>女儿</source>
        <translation>Daughter</translation>
    </message>
    <message>
        <source>儿媳</source>
        <translation>Daughter-in-law</translation>
    </message>
    <message>
        <source>女婿</source>
        <translation>Son-in-law</translation>
    </message>
    <message>
        <source>邻居</source>
        <translation>Neighbour</translation>
    </message>
    <message>
        <source>程序出错</source>
        <translation>Program error</translation>
    </message>
    <message>
        <source>发生了意外错误，已记入日志。</source>
        <translation>An unexpected error occurred; it has been logged.</translation>
    </message>
    <message>
        <source>发生了意外错误：{error}

详细情况已记入日志文件：
{path}
请把这个文件发给技术支持。</source>
        <translation>An unexpected error occurred: {error}

The details are in the log file:
{path}
Please send this file to technical support.</translation>
    </message>
    <message>
        <source>疫苗接种</source>
        <translation>Vaccination</translation>
    </message>
    <message>
        <source>分级起点（总分≥）</source>
        <translation>Tier threshold (total ≥)</translation>
    </message>
    <message>
        <source>电话随访间隔（天）</source>
        <translation>Phone follow-up interval (days)</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>65–79岁</source>
        <translation>Age 65–79</translation>
    </message>
    <message>
        <source>80岁及以上</source>
        <translation>Age 80 and over</translation>
    </message>
    <message>
        <source>稳定</source>
        <translation>Stable</translation>
    </message>
    <message>
        <source>不稳定</source>
        <translation>Unstable</translation>
    </message>
    <message>
        <source>全程接种</source>
        <translation>Fully vaccinated</translation>
    </message>
    <message>
        <source>未全程</source>
        <translation>Incomplete</translation>
    </message>
    <message>
        <source>未接种</source>
        <translation>Not vaccinated</translation>
    </message>
    <message>
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>黄</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>绿</source>
        <translation>Green</translation>
    </message>
    <message>
        <source>评分规则里没有“{factor} {level}”这一项</source>
        <translation>The scoring rules have no item “{factor} {level}”</translation>
    </message>
    <message>
        <source>这一项应在 0 到 {max} 之间</source>
        <translation>This item must be between 0 and {max}</translation>
    </message>
    <message>
        <source>黄色的起点应大于 0，且不高于红色的起点</source>
        <translation>The yellow threshold must be above 0 and not above the red threshold</translation>
    </message>
    <message>
        <source>修改分级评分规则</source>
        <translation>Change tier scoring rules</translation>
    </message>
    <message>
        <source>分级规则：{label} 设为 {n}</source>
        <translation>Tier rule: {label} set to {n}</translation>
    </message>
    <message>
        <source>按出生日期自动归入（不用勾选）：{groups}</source>
        <translation>Added by birth date (no need to tick): {groups}</translation>
    </message>
    <message>
        <source>响应用时</source>
        <translation>Response time</translation>
    </message>
    <message>
        <source>办结用时</source>
        <translation>Closing time</translation>
    </message>
    <message>
        <source>{hours} 小时</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <source>{days} 天</source>
        <translation>{days} d</translation>
    </message>
    <message>
        <source>火车</source>
        <translation>Train</translation>
    </message>
    <message>
        <source>飞机</source>
        <translation>Plane</translation>
    </message>
    <message>
        <source>长途汽车</source>
        <translation>Coach</translation>
    </message>
    <message>
        <source>自驾</source>
        <translation>Own car</translation>
    </message>
    <message>
        <source>这个数据库设了程序密码。
{name}</source>
        <translation>This database has a program password.
{name}</translation>
    </message>
    <message>
        <source>密码不对，请再试一次。</source>
        <translation>Wrong password; try again.</translation>
    </message>
    <message>
        <source>密码连续输错 {n} 次，程序不打开这个数据库。</source>
        <translation>Wrong password {n} times in a row; the database will not be opened.</translation>
    </message>
    <message>
        <source>今天的自动备份没有做成</source>
        <translation>Today&apos;s automatic backup failed</translation>
    </message>
    <message>
        <source>自动备份失败：{error}
数据本身没有受影响，可以在“数据安全”里换一个备份位置。</source>
        <translation>Automatic backup failed: {error}
The data itself is not affected; you can choose another backup location under “Data safety”.</translation>
    </message>
    <message>
        <source>演示员</source>
        <translation>Demo operator</translation>
    </message>
    <message>
        <source>请输入您的姓名（记入操作日志，以后不再询问）：</source>
        <translation>Your name (recorded in the audit log; asked only once):</translation>
    </message>
    <message>
        <source>打不开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>人口年龄结构（{on}）</source>
        <translation>Population by age ({on})</translation>
    </message>
    <message>
        <source>人</source>
        <translation>people</translation>
    </message>
    <message>
        <source>重点人群分布（按{level}）</source>
        <translation>Key populations by {level}</translation>
    </message>
    <message>
        <source>村/社区</source>
        <translation>Village/community</translation>
    </message>
    <message>
        <source>其余 {n} 个{level}发放率 ≥ {rate}</source>
        <translation>{n} more ({level}) with coverage ≥ {rate}</translation>
    </message>
    <message>
        <source>{name} 发放进度</source>
        <translation>{name} hand-out progress</translation>
    </message>
    <message>
        <source>目标 100%</source>
        <translation>Target 100%</translation>
    </message>
    <message>
        <source>重点人员走访：应访与已访（近{n}周）</source>
        <translation>Key-person visits: due and done (last {n} weeks)</translation>
    </message>
    <message>
        <source>已访</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>应访</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>民情事项：新增与办结（近{n}个月）</source>
        <translation>Residents&apos; matters: new and closed (last {n} months)</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>无法读取数据库的标识（setting 表）。</source>
        <translation>Cannot read the database&apos;s identity (setting table).</translation>
    </message>
    <message>
        <source>不能写入 {path}：这是一个文件夹，请给出文件名。</source>
        <translation>Cannot write {path}: it is a folder. Please give a file name.</translation>
    </message>
    <message>
        <source>不能写入 {path}：这是正在使用的数据库文件，写入会毁掉全部数据。请换一个文件名。</source>
        <translation>Cannot write {path}: it is the database in use, and writing it would destroy all data. Please choose another file name.</translation>
    </message>
    <message>
        <source>不能写入 {path}：这是本次读取的文件，写入会覆盖原件。请换一个文件名。</source>
        <translation>Cannot write {path}: it is the file being read, and writing it would overwrite the original. Please choose another file name.</translation>
    </message>
    <message>
        <source>不能写入 {path}：这是一个数据库或备份文件，不能被覆盖。请换一个文件名。</source>
        <translation>Cannot write {path}: it is a database or a backup, which must not be overwritten. Please choose another file name.</translation>
    </message>
    <message>
        <source>不能写入 {path}：这是一个文件，不是文件夹。请给出文件夹。</source>
        <translation>Cannot write into {path}: it is a file, not a folder. Please give a folder.</translation>
    </message>
    <message>
        <source>缺少表 {name}</source>
        <translation>table {name} missing</translation>
    </message>
    <message>
        <source>多出表 {name}</source>
        <translation>extra table {name}</translation>
    </message>
    <message>
        <source>表 {table} 缺少列 {columns}</source>
        <translation>table {table} lacks columns {columns}</translation>
    </message>
    <message>
        <source>表 {table} 多出列 {columns}</source>
        <translation>table {table} has extra columns {columns}</translation>
    </message>
    <message>
        <source>多出触发器或视图 {name}</source>
        <translation>extra trigger or view {name}</translation>
    </message>
    <message>
        <source>缺少索引 {name}</source>
        <translation>index {name} missing</translation>
    </message>
    <message>
        <source>多出索引 {name}</source>
        <translation>extra index {name}</translation>
    </message>
    <message>
        <source>待安排</source>
        <translation>to be assigned</translation>
    </message>
    <message>
        <source>装包清单</source>
        <translation>Packing list</translation>
    </message>
    <message>
        <source>{campaign}装包清单（合计 {kits} 份）</source>
        <translation>{campaign} packing list ({kits} kits in all)</translation>
    </message>
    <message>
        <source>每份装</source>
        <translation>Per kit</translation>
    </message>
    <message>
        <source>份数</source>
        <translation>Kits</translation>
    </message>
    <message>
        <source>合计数量</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>{item}（{unit}）</source>
        <translation>{item} ({unit})</translation>
    </message>
    <message>
        <source>{campaign}装包清单（各微网格）</source>
        <translation>{campaign} packing list (per micro-grid)</translation>
    </message>
    <message>
        <source>{campaign}装包清单</source>
        <translation>{campaign} packing list</translation>
    </message>
    <message>
        <source>装包人</source>
        <translation>Packed by</translation>
    </message>
    <message>
        <source>核对人</source>
        <translation>Checked by</translation>
    </message>
    <message>
        <source>例：
  gridoffice --demo                                   打开演示村（图形界面）
  gridoffice demo --scale village --db village.db     生成演示村数据
  gridoffice stats --db village.db --on 2023-01-07    统计数字
  gridoffice 命令 --help                              查看某个命令的说明和例子</source>
        <translation>Examples:
  gridoffice --demo                                   open the demo village (GUI)
  gridoffice demo --scale village --db village.db     make the demo village
  gridoffice stats --db village.db --on 2023-01-07    the main figures
  gridoffice COMMAND --help                           a command&apos;s help and examples</translation>
    </message>
    <message>
        <source>例：</source>
        <translation>Examples:</translation>
    </message>
    <message>
        <source>参数 {name} 含有无法识别的字符（不是 UTF-8 编码的文字），请重新输入。</source>
        <translation>The argument {name} contains unreadable characters (not UTF-8 text). Please type it again.</translation>
    </message>
    <message>
        <source>参数 {name} 的数值太大：{value}</source>
        <translation>The number given to {name} is too large: {value}</translation>
    </message>
    <message>
        <source>这个表格太大或内容分布异常（{what}），无法导入。请在 Excel 或 WPS 里只保留花名册的内容，另存后再试。</source>
        <translation>This spreadsheet is too large or its content is spread oddly ({what}); it cannot be imported. Keep only the roster in Excel or WPS, save it again and retry.</translation>
    </message>
    <message>
        <source>解压后 {mb} MB，上限 {limit} MB</source>
        <translation>{mb} MB uncompressed, the limit is {limit} MB</translation>
    </message>
    <message>
        <source>工作表用到第 {rows} 行、第 {cols} 列</source>
        <translation>a sheet uses row {rows} and column {cols}</translation>
    </message>
    <message>
        <source>读取这个文件时出错（文件可能已损坏或太大），程序没有受影响。请在 Excel 或 WPS 里打开后另存为 .xlsx 再试。</source>
        <translation>Reading this file failed (it may be damaged or too large); the program was not affected. Open it in Excel or WPS, save it as .xlsx and retry.</translation>
    </message>
    <message>
        <source>按上级发来的空白表格填报（保留原表格式，不用重新录入）</source>
        <translation>Fill in a blank form sent from above (keeps the original layout, no re-typing)</translation>
    </message>
    <message>
        <source>上级发来的空白表格（.xlsx、.xls、.ods）</source>
        <translation>Blank form sent from above (.xlsx, .xls, .ods)</translation>
    </message>
    <message>
        <source>填好的表格保存到哪个 .xlsx 文件（原表不会被改动）</source>
        <translation>The .xlsx file to save the filled form to (the original is not changed)</translation>
    </message>
    <message>
        <source>列出可以填写的全部字段</source>
        <translation>List all fields that can be filled</translation>
    </message>
    <message>
        <source>填哪个工作表，默认第一个找到表头的</source>
        <translation>Which worksheet to fill; default: the first with a header</translation>
    </message>
    <message>
        <source>指定某一列填什么，例如 联系方式=phone；字段留空表示这一列不填；可写多次</source>
        <translation>What to fill a column with, e.g. 联系方式=phone; an empty field leaves the column empty; may be repeated</translation>
    </message>
    <message>
        <source>填哪些人或网格：all、households、staff、returnees、grids、grids:general、communities、age:60、campaign:1 或重点人群代码；默认按表格判断</source>
        <translation>Whom or which grids to fill: all, households, staff, returnees, grids, grids:general, communities, age:60, campaign:1 or a key-population code; default: judged from the form</translation>
    </message>
    <message>
        <source>只填这个网格（含下级网格），填网格编码</source>
        <translation>Only this grid (with its sub-grids): the grid code</translation>
    </message>
    <message>
        <source>按哪一天计算年龄、返乡在村等，默认今天</source>
        <translation>Day for computing ages, returnees in the village etc.; default today</translation>
    </message>
    <message>
        <source>公示版：身份证号、手机号打码，敏感列不填</source>
        <translation>Public version: ID numbers and phones masked, sensitive columns left empty</translation>
    </message>
    <message>
        <source>表格里已经有数据时：below 接在后面填，replace 替换这些行</source>
        <translation>When the form already holds data: below fills after it, replace replaces those rows</translation>
    </message>
    <message>
        <source>统计表的应发、已发按哪次发放活动，默认最近一次</source>
        <translation>Hand-out campaign for the due and handed-out counts; default the latest</translation>
    </message>
    <message>
        <source>使用（或首次保存）这个名字的填报方案</source>
        <translation>Use (or save the first time) the filling scheme with this name</translation>
    </message>
    <message>
        <source>表头与保存的方案不同时仍按方案填写</source>
        <translation>Fill by the scheme even when the header differs from the saved one</translation>
    </message>
    <message>
        <source>以 JSON 输出结果</source>
        <translation>Print the result as JSON</translation>
    </message>
    <message>
        <source>请指定要填写的表格文件，例如 gridoffice fill 上级表.xlsx --out 已填.xlsx</source>
        <translation>Please give the form to fill, e.g. gridoffice fill 上级表.xlsx --out 已填.xlsx</translation>
    </message>
    <message>
        <source>请用 --out 指定填好的表格保存到哪个 .xlsx 文件。</source>
        <translation>Please give the .xlsx file to save the filled form to with --out.</translation>
    </message>
    <message>
        <source>已填写：{path}（工作表“{sheet}”，{rows} 行）</source>
        <translation>Filled: {path} (worksheet “{sheet}”, {rows} rows)</translation>
    </message>
    <message>
        <source>未填写的列：{names}</source>
        <translation>Columns not filled: {names}</translation>
    </message>
    <message>
        <source>查看设置：本机的个人设置和数据库里的单位设置</source>
        <translation>Show settings: personal settings on this computer and office settings in the database</translation>
    </message>
    <message>
        <source>{suffix} 表格已按 .xlsx 重建后填写（原表的字体和打印设置未保留），请核对格式。</source>
        <translation>The {suffix} form was rebuilt as .xlsx before filling (the original fonts and print settings were not kept); please check the layout.</translation>
    </message>
    <message>
        <source>无法用 Excel 格式打开这个表格，请在 Excel 或 WPS 里另存为 .xlsx 再试。</source>
        <translation>This form cannot be opened as Excel; save it as .xlsx in Excel or WPS and try again.</translation>
    </message>
    <message>
        <source>表格里没有名为“{name}”的工作表。</source>
        <translation>The form has no worksheet named “{name}”.</translation>
    </message>
    <message>
        <source>表格里没有找到表头。</source>
        <translation>No header found in the form.</translation>
    </message>
    <message>
        <source>在工作表“{sheet}”的前 {n} 行里没有找到表头（例如 姓名、身份证号、户数 这样的列名），请检查表格。</source>
        <translation>No header found in the first {n} rows of worksheet “{sheet}” (column names such as 姓名, 身份证号, 户数); please check the form.</translation>
    </message>
    <message>
        <source>表头是空的。</source>
        <translation>The header is empty.</translation>
    </message>
    <message>
        <source>慢性病“{value}”没有写明是否稳定，按稳定记</source>
        <translation>Chronic disease “{value}” does not say whether it is stable; recorded as stable</translation>
    </message>
    <message>
        <source>慢性病“{value}”没有写病名，未导入</source>
        <translation>Chronic disease “{value}” names no disease; not imported</translation>
    </message>
    <message>
        <source>疫苗接种“{value}”看不懂，已记入备注</source>
        <translation>Vaccination “{value}” not understood; kept in the note</translation>
    </message>
    <message>
        <source>疫苗接种“{value}”前后矛盾，已记入备注</source>
        <translation>Vaccination “{value}” contradicts itself; kept in the note</translation>
    </message>
    <message>
        <source>末次接种日期“{value}”看不懂，已记入备注</source>
        <translation>Last vaccination date “{value}” not understood; kept in the note</translation>
    </message>
    <message>
        <source>行动不便“{value}”看不懂（应为 是 或 否），已记入备注</source>
        <translation>Limited mobility “{value}” not understood (should be 是 or 否); kept in the note</translation>
    </message>
    <message>
        <source>操作员姓名</source>
        <translation>Operator name</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>纸张大小</source>
        <translation>Paper size</translation>
    </message>
    <message>
        <source>屏幕上遮盖身份证号和电话</source>
        <translation>Mask ID numbers and phones on screen</translation>
    </message>
    <message>
        <source>已完成首次设置</source>
        <translation>First-time setup done</translation>
    </message>
    <message>
        <source>上次打开的数据库</source>
        <translation>Last opened database</translation>
    </message>
    <message>
        <source>备份文件夹</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source>保留每日备份（份）</source>
        <translation>Daily backups to keep</translation>
    </message>
    <message>
        <source>保留每周备份（份）</source>
        <translation>Weekly backups to keep</translation>
    </message>
    <message>
        <source>保留每月备份（份）</source>
        <translation>Monthly backups to keep</translation>
    </message>
    <message>
        <source>上次导出的文件夹</source>
        <translation>Last export folder</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Office name</translation>
    </message>
    <message>
        <source>行政区划代码</source>
        <translation>Administrative division code</translation>
    </message>
    <message>
        <source>事项超期提醒天数</source>
        <translation>Days before a matter is overdue</translation>
    </message>
    <message>
        <source>公示牌二维码说明</source>
        <translation>Public board QR code caption</translation>
    </message>
    <message>
        <source>村卫生室名称</source>
        <translation>Village clinic name</translation>
    </message>
    <message>
        <source>村卫生室电话</source>
        <translation>Village clinic phone</translation>
    </message>
    <message>
        <source>数据包逾期未报天数</source>
        <translation>Days before a missing package counts as overdue</translation>
    </message>
    <message>
        <source>报送单位</source>
        <translation>Submitting office</translation>
    </message>
    <message>
        <source>数据包文件</source>
        <translation>Package file</translation>
    </message>
    <message>
        <source>包序号</source>
        <translation>Package no.</translation>
    </message>
    <message>
        <source>数据级别</source>
        <translation>Data level</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>全部记录</source>
        <translation>All records</translation>
    </message>
    <message>
        <source>上次回执以来的变化</source>
        <translation>Changes since the last receipt</translation>
    </message>
    <message>
        <source>校验值（SHA-256）</source>
        <translation>Checksum (SHA-256)</translation>
    </message>
    <message>
        <source>{table}（行）</source>
        <translation>{table} (rows)</translation>
    </message>
    <message>
        <source>删除记录（行）</source>
        <translation>Deleted records (rows)</translation>
    </message>
    <message>
        <source>报送封面</source>
        <translation>Submission cover</translation>
    </message>
    <message>
        <source>数据报送封面</source>
        <translation>Data submission cover sheet</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>数据级别应为 aggregate、pseudonymous 或 full。</source>
        <translation>Data level must be aggregate, pseudonymous or full.</translation>
    </message>
    <message>
        <source>（未命名单位）</source>
        <translation>(unnamed office)</translation>
    </message>
    <message>
        <source>{name} 是本单位自己导出的文件，不能导入本库。</source>
        <translation>{name} was exported by this office itself and cannot be imported here.</translation>
    </message>
    <message>
        <source>{office} 尚未登记，没有导入任何数据。请电话核对对方的密钥指纹 {fp}，核对无误后登记这个单位。</source>
        <translation>{office} is not registered; nothing was imported. Confirm its key fingerprint {fp} by phone, then register the office.</translation>
    </message>
    <message>
        <source>登记：gridoffice package trust {name} --yes</source>
        <translation> To register: gridoffice package trust {name} --yes</translation>
    </message>
    <message>
        <source>{name} 是用 {office} 于 {date} 换下的旧密钥签名的，没有导入任何数据。只有确认它是对方换密钥之前发出的真实数据包时，才强制导入。</source>
        <translation>{name} is signed with the key of {office} replaced on {date}; nothing was imported. Force the import only if you are sure it is a genuine package sent before the key was replaced.</translation>
    </message>
    <message>
        <source>{name} 的签名密钥与登记的 {office} 密钥不符（指纹 {fp}），可能是冒充，没有导入任何数据。若对方换了电脑、生成了新密钥，请电话核对这个新指纹后为它更换密钥。</source>
        <translation>The signing key of {name} does not match the registered key of {office} (fingerprint {fp}): it may be an impostor; nothing was imported. If the office changed PC and made a new key, confirm this new fingerprint by phone and replace its key.</translation>
    </message>
    <message>
        <source>{name} 是 {office} 的第 {seq} 号包，比已导入的第 {last} 号还旧，没有导入。只有确认它没有导入过时，才强制导入。</source>
        <translation>{name} is package no. {seq} of {office}, older than no. {last} already imported; not imported. Force it only if you are sure it was never imported.</translation>
    </message>
    <message>
        <source>{name} 是 {office} 的第 {seq} 号包，第 {missing} 号还没有导入，先暂缓。请先导入第 {missing} 号包；确认缺的包已作废时，可以强制导入这个包。</source>
        <translation>{name} is package no. {seq} of {office}; no. {missing} has not been imported yet, so it is held. Import no. {missing} first; if the missing package is confirmed void, this one can be forced in.</translation>
    </message>
    <message>
        <source>{office} 已用另一把密钥登记（指纹 {fp}），这个文件的密钥指纹是 {new}。若对方换了电脑、生成了新密钥，请电话核对新指纹后为它更换密钥。</source>
        <translation>{office} is registered with another key (fingerprint {fp}); this file&apos;s key fingerprint is {new}. If the office changed PC and made a new key, confirm the new fingerprint by phone and replace its key.</translation>
    </message>
    <message>
        <source>{name} 由更新版本的网格办公导出（数据库结构 {rev}），本程序无法导入，没有导入任何数据。请先升级网格办公。</source>
        <translation>{name} was exported by a newer GridOffice (database schema {rev}) that this program cannot import; no data imported. Please upgrade GridOffice first.</translation>
    </message>
    <message>
        <source>{name} 是本单位自己的文件，不需要登记。</source>
        <translation>{name} is this office&apos;s own file; it needs no registering.</translation>
    </message>
    <message>
        <source>{package}：{n} 行，编号 {first}–{last}</source>
        <translation>{package}: {n} rows, ids {first}–{last}</translation>
    </message>
    <message>
        <source>{package}：{n} 行</source>
        <translation>{package}: {n} rows</translation>
    </message>
    <message>
        <source>对方已删除这条记录，但本库还有别的记录引用它，暂时保留。</source>
        <translation>The other side deleted this record, but other records here still refer to it; kept for now.</translation>
    </message>
    <message>
        <source>密钥文件 {path} 的密码不对，或文件已损坏。</source>
        <translation>Wrong password for the key file {path}, or the file is damaged.</translation>
    </message>
    <message>
        <source>本单位的签名密钥文件 {path} 已损坏，无法签名。</source>
        <translation>This office&apos;s signing key file {path} is damaged; cannot sign.</translation>
    </message>
    <message>
        <source>本单位的签名密钥文件 {path} 不是 Ed25519 密钥。</source>
        <translation>This office&apos;s signing key file {path} is not an Ed25519 key.</translation>
    </message>
    <message>
        <source>打不开密钥文件 {path}。</source>
        <translation>Cannot open the key file {path}.</translation>
    </message>
    <message>
        <source>{path} 不是网格办公导出的单位密钥文件。</source>
        <translation>{path} is not an office key file exported by GridOffice.</translation>
    </message>
    <message>
        <source>{path} 是另一个数据库的密钥，不能用于本库。</source>
        <translation>{path} is the key of another database and cannot be used for this one.</translation>
    </message>
    <message>
        <source>本机已有本库的另一把密钥 {path}；若要换回原来的密钥，请先把这个文件移走。</source>
        <translation>This computer already has another key for this database, {path}; to go back to the original key, move that file away first.</translation>
    </message>
    <message>
        <source>本库已经和别的单位交换过数据包，但本机没有它的签名密钥（{name}）。换了电脑或恢复了备份时，请把原电脑上导出的本单位密钥导入本机；原电脑已坏时，生成新密钥，并请街道电话核对新指纹后为本单位更换密钥。</source>
        <translation>This database has exchanged packages with other offices, but this PC does not have its signing key ({name}). After changing PC or restoring a backup, import the office key exported on the old PC; if the old PC died, make a new key and ask the street to confirm the new fingerprint by phone and replace this office&apos;s key.</translation>
    </message>
    <message>
        <source>本机已有本单位的签名密钥（指纹 {fp}），不需要生成新密钥。</source>
        <translation>This PC already has the office&apos;s signing key (fingerprint {fp}); no new key is needed.</translation>
    </message>
    <message>
        <source>找不到文件 {path}。</source>
        <translation>File {path} not found.</translation>
    </message>
    <message>
        <source>文件 {name} 已损坏或被改动过（校验值或签名不符），没有导入任何数据。请向对方索取原文件。</source>
        <translation>File {name} is damaged or has been altered (checksum or signature mismatch); no data imported. Ask the other side for the original file.</translation>
    </message>
    <message>
        <source>文件 {name} 由更新版本的网格办公生成（格式 {fmt}），请先升级本程序。</source>
        <translation>File {name} was made by a newer GridOffice (format {fmt}); please upgrade this program first.</translation>
    </message>
    <message>
        <source>文件 {name} 不是网格办公的数据包或回执。</source>
        <translation>File {name} is not a GridOffice package or receipt.</translation>
    </message>
    <message>
        <source>回执 {name} 不是给本单位的（它回复的是另一个单位的包）。</source>
        <translation>Receipt {name} is not for this office (it answers another office&apos;s package).</translation>
    </message>
    <message>
        <source>回执 {name} 说的第 {seq} 号包不是本库导出的（校验值不符），没有改动。</source>
        <translation>Receipt {name} refers to package no. {seq}, which was not exported from this database (checksum mismatch); nothing changed.</translation>
    </message>
    <message>
        <source>冲突 {id} 所说的记录已不在本库。</source>
        <translation>The record of conflict {id} is no longer in this database.</translation>
    </message>
    <message>
        <source>{what}：{table} {field}</source>
        <translation>{what}: {table} {field}</translation>
    </message>
    <message>
        <source>保留本方的值</source>
        <translation>Keep our value</translation>
    </message>
    <message>
        <source>请选择保留本方的值或采用对方的值。</source>
        <translation>Choose to keep our value or take theirs.</translation>
    </message>
    <message>
        <source>（--keep ours 或 --keep theirs）</source>
        <translation> (--keep ours or --keep theirs)</translation>
    </message>
    <message>
        <source>采用对方的值</source>
        <translation>Take their value</translation>
    </message>
    <message>
        <source>没有待处理的冲突 {id}，它可能已经处理过了。</source>
        <translation>There is no open conflict {id}; it may have been resolved already.</translation>
    </message>
    <message>
        <source>待处理的冲突见 gridoffice package conflicts。</source>
        <translation> Open conflicts: gridoffice package conflicts.</translation>
    </message>
    <message>
        <source>生成新密钥和设置下发的密钥只能选一个。</source>
        <translation>Either make a new key or set the one handed down, not both.</translation>
    </message>
    <message>
        <source>（--new 和 --set 只能选一个）</source>
        <translation> (--new and --set exclude each other)</translation>
    </message>
    <message>
        <source>化名密钥应为 64 位十六进制数字（由街道生成）。</source>
        <translation>The pseudonym key must be 64 hex digits (generated by the street).</translation>
    </message>
    <message>
        <source>方案名称应为 1–{n} 个字。</source>
        <translation>Scheme names must be 1–{n} characters.</translation>
    </message>
    <message>
        <source>工作表名由“{old}”变为“{new}”</source>
        <translation>Worksheet renamed from “{old}” to “{new}”</translation>
    </message>
    <message>
        <source>新增列：{names}</source>
        <translation>New columns: {names}</translation>
    </message>
    <message>
        <source>缺少列：{names}</source>
        <translation>Missing columns: {names}</translation>
    </message>
    <message>
        <source>列的顺序变了</source>
        <translation>Column order changed</translation>
    </message>
    <message>
        <source>表格与方案“{name}”保存时不同（{what}）。</source>
        <translation>The form differs from when scheme “{name}” was saved ({what}).</translation>
    </message>
    <message>
        <source>请核对后加 --force 仍按方案填写，或换一个方案名。</source>
        <translation> Check it and add --force to fill by the scheme anyway, or use another scheme name.</translation>
    </message>
    <message>
        <source>请核对表格后再填，或在“填报方案：”里换一个方案。</source>
        <translation>Check the form before filling, or choose another scheme under “Filling scheme:”.</translation>
    </message>
    <message>
        <source>不认识“{who}”。可填：all、households、staff、returnees、grids、grids:general、communities、age:60 这样的年龄、campaign:1 这样的发放活动，或重点人群代码（{codes}）。</source>
        <translation>“{who}” not recognised. Possible: all, households, staff, returnees, grids, grids:general, communities, an age such as age:60, a hand-out campaign such as campaign:1, or a key-population code ({codes}).</translation>
    </message>
    <message>
        <source>重点人群、发放和返乡人员名单含有敏感信息，不能填成公示版。</source>
        <translation>Key-population, hand-out and returnee lists hold sensitive details and cannot be filled as a public version.</translation>
    </message>
    <message>
        <source>村卫生室</source>
        <translation>Village clinic</translation>
    </message>
    <message>
        <source>急救电话</source>
        <translation>Emergency number</translation>
    </message>
    <message>
        <source>{code} 没有红色或黄色分级的居民，没有联系卡可印</source>
        <translation>{code} has no residents in the red or yellow tier; no contact cards to print</translation>
    </message>
    <message>
        <source>{code} 没有红色分级的居民</source>
        <translation>{code} has no residents in the red tier</translation>
    </message>
    <message>
        <source>{grid}    {monday} 至 {sunday}</source>
        <translation>{grid}    {monday} to {sunday}</translation>
    </message>
    <message>
        <source>{clinic} {phone}    急救 120</source>
        <translation>{clinic} {phone}    Emergency 120</translation>
    </message>
    <message>
        <source>红色分级居民每日电话随访表</source>
        <translation>Daily phone follow-up sheet for red-tier residents</translation>
    </message>
    <message>
        <source>慢性病不能超过 {n} 个字</source>
        <translation>Chronic disease cannot exceed {n} characters</translation>
    </message>
    <message>
        <source>慢病情况只能是 无、稳定 或 不稳定</source>
        <translation>Chronic condition can only be 无 (none), 稳定 (stable) or 不稳定 (unstable)</translation>
    </message>
    <message>
        <source>填了慢性病，请选择病情稳定或不稳定</source>
        <translation>A chronic disease is given; choose stable or unstable</translation>
    </message>
    <message>
        <source>请填写所患慢性病，如 高血压</source>
        <translation>Please enter the chronic disease, e.g. hypertension</translation>
    </message>
    <message>
        <source>接种情况只能是 全程、未全程 或 未接种</source>
        <translation>Vaccination status can only be 全程 (full), 未全程 (incomplete) or 未接种 (none)</translation>
    </message>
    <message>
        <source>接种剂次应在 0 到 {n} 之间</source>
        <translation>Vaccine doses must be between 0 and {n}</translation>
    </message>
    <message>
        <source>未接种时剂次应为 0</source>
        <translation>Doses must be 0 when not vaccinated</translation>
    </message>
    <message>
        <source>已接种，请填写接种剂次</source>
        <translation>Vaccinated: please enter the number of doses</translation>
    </message>
    <message>
        <source>末次接种日期不是有效日期</source>
        <translation>The last vaccination date is not a valid date</translation>
    </message>
    <message>
        <source>末次接种日期晚于今天</source>
        <translation>The last vaccination date is after today</translation>
    </message>
    <message>
        <source>未接种时不应有末次接种日期</source>
        <translation>No last vaccination date when not vaccinated</translation>
    </message>
    <message>
        <source>修改健康信息</source>
        <translation>Edit health record</translation>
    </message>
    <message>
        <source>电话随访的日期不能晚于今天</source>
        <translation>The phone follow-up date cannot be later than today</translation>
    </message>
    <message>
        <source>情况记录不能超过 {n} 个字</source>
        <translation>The note cannot exceed {n} characters</translation>
    </message>
    <message>
        <source>随访人姓名不能超过 {n} 个字</source>
        <translation>The caller&apos;s name cannot exceed {n} characters</translation>
    </message>
    <message>
        <source>电话随访</source>
        <translation>Phone follow-up</translation>
    </message>
    <message>
        <source>没有这位居民</source>
        <translation>No such resident</translation>
    </message>
    <message>
        <source>{name} {day} 电话随访（已打通）</source>
        <translation>{name} {day} phone follow-up (reached)</translation>
    </message>
    <message>
        <source>{name} {day} 电话随访（未接通）</source>
        <translation>{name} {day} phone follow-up (not reached)</translation>
    </message>
    <message>
        <source>删除电话随访记录</source>
        <translation>Delete phone follow-up record</translation>
    </message>
    <message>
        <source>这条电话随访记录已经不在了</source>
        <translation>This phone follow-up record no longer exists</translation>
    </message>
    <message>
        <source>删除 {name} {day} 的电话随访记录</source>
        <translation>Delete the phone follow-up record of {name} on {day}</translation>
    </message>
    <message>
        <source>修改{name}的健康信息</source>
        <translation>Change health details of {name}</translation>
    </message>
    <message>
        <source>接种日期晚于今天</source>
        <translation>Vaccination date is after today</translation>
    </message>
    <message>
        <source>登记一剂疫苗（{on}）</source>
        <translation>Record a vaccine dose ({on})</translation>
    </message>
    <message>
        <source>送医到家</source>
        <translation>Medical care to the home</translation>
    </message>
    <message>
        <source>温暖到家</source>
        <translation>Warmth to the home</translation>
    </message>
    <message>
        <source>预防到家</source>
        <translation>Prevention to the home</translation>
    </message>
    <message>
        <source>互助到家</source>
        <translation>Mutual aid to the home</translation>
    </message>
    <message>
        <source>宣传到家</source>
        <translation>Information to the home</translation>
    </message>
    <message>
        <source>服务类型应为 {types} 之一</source>
        <translation>Service type must be one of {types}</translation>
    </message>
    <message>
        <source>服务日期晚于今天</source>
        <translation>Service date is after today</translation>
    </message>
    <message>
        <source>服务人不超过 50 字，备注不超过 {n} 字</source>
        <translation>Served by: at most 50 characters; note: at most {n}</translation>
    </message>
    <message>
        <source>登记一条五到家服务记录</source>
        <translation>Record a five-to-the-home service</translation>
    </message>
    <message>
        <source>没有这一户</source>
        <translation>No such household</translation>
    </message>
    <message>
        <source>这位居民不在这一户</source>
        <translation>This resident is not in this household</translation>
    </message>
    <message>
        <source>登记{kind}（{number}户，{on}）</source>
        <translation>Record {kind} (household {number}, {on})</translation>
    </message>
    <message>
        <source>这条服务记录已不存在</source>
        <translation>This service record no longer exists</translation>
    </message>
    <message>
        <source>删除一条五到家服务记录</source>
        <translation>Delete a “five to the home” service record</translation>
    </message>
    <message>
        <source>分级只能是 红、黄 或 绿</source>
        <translation>Tier can only be 红 (red), 黄 (yellow) or 绿 (green)</translation>
    </message>
    <message>
        <source>人工调整分级须写明原因</source>
        <translation>A manual tier needs a reason</translation>
    </message>
    <message>
        <source>原因不能超过 {n} 个字</source>
        <translation>The reason cannot exceed {n} characters</translation>
    </message>
    <message>
        <source>取消{name}的人工分级</source>
        <translation>Cancel the manual tier of {name}</translation>
    </message>
    <message>
        <source>{name}人工分级为{tier}</source>
        <translation>Set {name} manually to tier {tier}</translation>
    </message>
    <message>
        <source>记录 {monday} 这一周的分级人数</source>
        <translation>Record tier counts for the week of {monday}</translation>
    </message>
    <message>
        <source>常住人口</source>
        <translation>Resident population</translation>
    </message>
    <message>
        <source>已签约</source>
        <translation>Contracted</translation>
    </message>
    <message>
        <source>65岁以上已签约</source>
        <translation>Over 65 contracted</translation>
    </message>
    <message>
        <source>重点人群已签约</source>
        <translation>Key populations contracted</translation>
    </message>
    <message>
        <source>签约率</source>
        <translation>Contract rate</translation>
    </message>
    <message>
        <source>65岁以上签约率</source>
        <translation>Over-65 contract rate</translation>
    </message>
    <message>
        <source>重点人群签约率</source>
        <translation>Key-population contract rate</translation>
    </message>
    <message>
        <source>家庭医生签约台账</source>
        <translation>Family-doctor contract ledger</translation>
    </message>
    <message>
        <source>家庭医生签约台账（{on}）</source>
        <translation>Family-doctor contract ledger ({on})</translation>
    </message>
    <message>
        <source>未生效</source>
        <translation>Not yet in force</translation>
    </message>
    <message>
        <source>已到期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>{n}天内到期</source>
        <translation>Expires within {n} days</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>In force</translation>
    </message>
    <message>
        <source>签约名单</source>
        <translation>Contract list</translation>
    </message>
    <message>
        <source>家庭医生签约名单（按到期日期）</source>
        <translation>Family-doctor contract list (by expiry date)</translation>
    </message>
    <message>
        <source>红色</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>黄色</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>绿色</source>
        <translation>Green</translation>
    </message>
    <message>
        <source>未评估</source>
        <translation>Not assessed</translation>
    </message>
    <message>
        <source>计算分级</source>
        <translation>Computed tier</translation>
    </message>
    <message>
        <source>人工调整原因</source>
        <translation>Reason for manual tier</translation>
    </message>
    <message>
        <source>重点人群分级台账</source>
        <translation>Key-population tier ledger</translation>
    </message>
    <message>
        <source>重点人群健康分级台账（65岁以上，{on}）</source>
        <translation>Key-population health tier ledger (over 65, {on})</translation>
    </message>
    <message>
        <source>分级统计</source>
        <translation>Tier counts</translation>
    </message>
    <message>
        <source>分级名单</source>
        <translation>Tier list</translation>
    </message>
    <message>
        <source>重点人群健康分级名单（红色在前）</source>
        <translation>Key-population health tier list (red first)</translation>
    </message>
    <message>
        <source>没有叫“{name}”的家庭医生（须是有家庭医生岗位的在岗网格员）</source>
        <translation>No family doctor named “{name}” (must be an active grid worker with a family-doctor post)</translation>
    </message>
    <message>
        <source>有 {n} 位家庭医生叫“{name}”，请在程序里选择</source>
        <translation>{n} family doctors are named “{name}”; please choose in the program</translation>
    </message>
    <message>
        <source>到期日期早于签约日期</source>
        <translation>The expiry date is before the contract date</translation>
    </message>
    <message>
        <source>签约医生须是有家庭医生岗位的在岗网格员</source>
        <translation>The contracted doctor must be an active grid worker with a family-doctor post</translation>
    </message>
    <message>
        <source>{name}与家庭医生签约</source>
        <translation>{name} contracts a family doctor</translation>
    </message>
    <message>
        <source>取消{name}的家庭医生签约</source>
        <translation>Cancel the family-doctor contract of {name}</translation>
    </message>
    <message>
        <source>这一步之后，相关记录又被改动过（如登记了发放、修改了信息），不能再撤销这一步。</source>
        <translation>Related records have changed since this step (e.g. a hand-out was recorded or details changed); it can no longer be undone.</translation>
    </message>
    <message>
        <source>要撤销的记录已被删除或改动，不能撤销这一步。</source>
        <translation>The record to undo has been deleted or changed; this step cannot be undone.</translation>
    </message>
    <message>
        <source>已写入 {n} / {total} 行</source>
        <translation>{n} / {total} rows written</translation>
    </message>
    <message>
        <source>已写入 {n} 行</source>
        <translation>{n} rows written</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>{monday} 至 {sunday} 的电话随访：红色分级 {red} 人，本周打过 {week} 人，今天打通 {today} 人</source>
        <translation>Phone follow-ups {monday} to {sunday}: {red} red-tier residents, {week} called this week, {today} reached today</translation>
    </message>
    <message>
        <source>红 {n}</source>
        <translation>Red {n}</translation>
    </message>
    <message>
        <source>本周打过 {n}</source>
        <translation>Called this week {n}</translation>
    </message>
    <message>
        <source>今天打过 {n}</source>
        <translation>Called today {n}</translation>
    </message>
    <message>
        <source>今天打通 {n}</source>
        <translation>Reached today {n}</translation>
    </message>
    <message>
        <source>打通</source>
        <translation>Reached</translation>
    </message>
    <message>
        <source>未接通</source>
        <translation>Not reached</translation>
    </message>
    <message>
        <source>{name}（直属）</source>
        <translation>{name} (direct)</translation>
    </message>
    <message>
        <source>红黄绿人数（每周）</source>
        <translation>Red/yellow/green counts (weekly)</translation>
    </message>
    <message>
        <source>入库</source>
        <translation>Stock-in</translation>
    </message>
    <message>
        <source>发放</source>
        <translation>Hand-out</translation>
    </message>
    <message>
        <source>报废</source>
        <translation>Write-off</translation>
    </message>
    <message>
        <source>库存</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>捐赠人/领取人</source>
        <translation>Donor/recipient</translation>
    </message>
    <message>
        <source>药品互助台账</source>
        <translation>Medicine box ledger</translation>
    </message>
    <message>
        <source>药品互助台账（{start} 至 {end}）</source>
        <translation>Medicine box ledger ({start} to {end})</translation>
    </message>
    <message>
        <source>发放统计</source>
        <translation>Hand-out statistics</translation>
    </message>
    <message>
        <source>各微网格药品发放（{start} 至 {end}）</source>
        <translation>Medicine hand-outs per micro-grid ({start} to {end})</translation>
    </message>
    <message>
        <source>药品箱库存（{on}）</source>
        <translation>Medicine box stock ({on})</translation>
    </message>
    <message>
        <source>出入库记录</source>
        <translation>Stock movements</translation>
    </message>
    <message>
        <source>药品出入库记录</source>
        <translation>Medicine stock movements</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>临期</source>
        <translation>Expiring soon</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>发放人次</source>
        <translation>Hand-outs</translation>
    </message>
    <message>
        <source>领取人数</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>发放数量</source>
        <translation>Quantity handed out</translation>
    </message>
    <message>
        <source>健康信息：新增 {added} 人，更新 {updated} 人（文件里给出且不同的项）。</source>
        <translation>Health information: {added} added, {updated} updated (items given in the file that differed).</translation>
    </message>
    <message>
        <source>该时段已审批锁定</source>
        <translation>This period is approved and locked</translation>
    </message>
    <message>
        <source>“{p}”不是月份：应写成 2026-11 这样的年-月。</source>
        <translation>“{p}” is not a month: write it as year-month, like 2026-11.</translation>
    </message>
    <message>
        <source>没有登记代码为 {code} 的单位。</source>
        <translation>No office is registered with code {code}.</translation>
    </message>
    <message>
        <source>已登记的单位见 gridoffice package status。</source>
        <translation> Registered offices: gridoffice package status.</translation>
    </message>
    <message>
        <source>{period} 还没有过完，不能审批：只能审批已经结束的月份（最近的是上个月）。</source>
        <translation>{period} is not over yet and cannot be approved: only months that have ended can be (the latest is last month).</translation>
    </message>
    <message>
        <source>审批</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>{office} 的 {period} 还没有审批，无需取消。</source>
        <translation>{period} of {office} is not approved; there is nothing to withdraw.</translation>
    </message>
    <message>
        <source>取消审批 {office} {period}</source>
        <translation>Withdraw approval of {office} {period}</translation>
    </message>
    <message>
        <source>{office} 的 {period} 已经审批过了。</source>
        <translation>{period} of {office} is already approved.</translation>
    </message>
    <message>
        <source>还没有收到 {office} 的数据包，不能审批。</source>
        <translation>No package received from {office} yet; cannot approve.</translation>
    </message>
    <message>
        <source>审批 {office} {period}</source>
        <translation>Approve {office} {period}</translation>
    </message>
    <message>
        <source>{period}：{sentence}</source>
        <translation>{period}: {sentence}</translation>
    </message>
    <message>
        <source>本单位</source>
        <translation>This office</translation>
    </message>
    <message>
        <source>打不开街道下发的发放名单 {path}。</source>
        <translation>Cannot open the street&apos;s hand-out list {path}.</translation>
    </message>
    <message>
        <source>{path} 不是街道下发的发放名单。</source>
        <translation>{path} is not a hand-out list from the street.</translation>
    </message>
    <message>
        <source>还没有街道下发的化名密钥，无法比对名单。</source>
        <translation>There is no pseudonymisation key from the street yet, so the lists cannot be compared.</translation>
    </message>
    <message>
        <source>注意：此人已于 {on} 在{office}领过这次活动的物资（街道下发的名单）。</source>
        <translation>Note: this person already received this campaign&apos;s items on {on} at {office} (street hand-out list).</translation>
    </message>
    <message>
        <source>另一个单位</source>
        <translation>another office</translation>
    </message>
    <message>
        <source>请写明迁往的单位（行政区划代码或名称）。</source>
        <translation>Say which office the household moves to (administrative code or name).</translation>
    </message>
    <message>
        <source>（--to-office）</source>
        <translation> (--to-office)</translation>
    </message>
    <message>
        <source>迁往的单位就是本单位。</source>
        <translation>The office to move to is this office.</translation>
    </message>
    <message>
        <source>住户 {number} 迁出至 {to}</source>
        <translation>Household {number} moved out to {to}</translation>
    </message>
    <message>
        <source>迁出：{on} 迁往 {to}。</source>
        <translation>Moved out: on {on} to {to}.</translation>
    </message>
    <message>
        <source>没有户号为 {number} 的住户（或已在回收站）。</source>
        <translation>No household with number {number} (or it is in the recycle bin).</translation>
    </message>
    <message>
        <source>户号 {number} 有 {n} 户，请先在住户里改正户号。</source>
        <translation>Household number {number} is used by {n} households; correct the household numbers first.</translation>
    </message>
    <message>
        <source>住户 {number} 没有在册的成员，不需要迁出。</source>
        <translation>Household {number} has no registered members; it need not be moved out.</translation>
    </message>
    <message>
        <source>{name} 是迁往 {to} 的迁户包，不是给本单位的，没有导入。</source>
        <translation>{name} is a transfer package for {to}, not for this office; nothing imported.</translation>
    </message>
    <message>
        <source>迁户包里没有住户或成员。</source>
        <translation>The transfer package has no household or members.</translation>
    </message>
    <message>
        <source>迁入住户 {number}（来自 {office}）</source>
        <translation>Household {number} moved in (from {office})</translation>
    </message>
    <message>
        <source>本单位已有户号 {number} 的住户，请先把那一户改号，再导入迁户包。</source>
        <translation>This office already has a household numbered {number}; renumber that household first, then import the transfer package.</translation>
    </message>
    <message>
        <source>导入 {office} 第 {seq} 号数据包</source>
        <translation>Import package no. {seq} of {office}</translation>
    </message>
    <message>
        <source>确需导入请加 --force 重新运行。</source>
        <translation> To import it anyway, run again with --force.</translation>
    </message>
    <message>
        <source>确需导入请按“强制导入”。</source>
        <translation>To import it anyway, press “Force import”.</translation>
    </message>
    <message>
        <source>更换密钥：gridoffice package peer --rekey {office} --from-package {file}</source>
        <translation> To replace the key: gridoffice package peer --rekey {office} --from-package {file}</translation>
    </message>
    <message>
        <source>核对无误后按“更换密钥…”（在“汇总台”选中这个单位也可以）。</source>
        <translation>Once confirmed, press “Replace key…” (or select the office on the “Desk” tab).</translation>
    </message>
    <message>
        <source>设置：gridoffice package street-key --set 密钥</source>
        <translation> To set it: gridoffice package street-key --set KEY</translation>
    </message>
    <message>
        <source>请在“发送”页按“密钥…”，填入街道下发的化名密钥。</source>
        <translation>On the “Send” tab press “Keys…” and enter the pseudonymisation key from the street.</translation>
    </message>
    <message>
        <source>在原电脑运行 gridoffice package key --export 文件，再在本机 --import 这个文件；原电脑已坏时用 gridoffice package key --new 生成新密钥。</source>
        <translation> On the old PC run gridoffice package key --export FILE, then --import that file here; if the old PC died, make a new key with gridoffice package key --new.</translation>
    </message>
    <message>
        <source>请在“发送”页按“密钥…”导入原电脑导出的密钥文件；原电脑已坏时在那里生成新密钥。</source>
        <translation>On the “Send” tab press “Keys…” to import the key file exported on the old PC; if the old PC died, make a new key there.</translation>
    </message>
    <message>
        <source>没有登记代码为 {code} 的单位，无法更换密钥。</source>
        <translation>No office is registered with code {code}; no key to replace.</translation>
    </message>
    <message>
        <source>{name} 不是网格办公的数据包、回执或单位公钥文件，读不出新密钥。</source>
        <translation>{name} is not a GridOffice package, receipt or public-key file; no new key can be read from it.</translation>
    </message>
    <message>
        <source>{name} 来自 {other}，不是 {office} 这个库发出的（数据库标识不同），不能用来更换它的密钥。更换密钥只适用于同一个库：对方重装后应先恢复最近的备份，再生成新密钥。</source>
        <translation>{name} comes from {other}, not from the database of {office} (another database identity), so it cannot replace that office&apos;s key. A key is replaced only for the same database: after reinstalling, the office restores its latest backup first, then makes a new key.</translation>
    </message>
    <message>
        <source>{name} 用的就是 {office} 已登记的密钥（指纹 {fp}），不需要更换。</source>
        <translation>{name} uses the key registered for {office} (fingerprint {fp}); nothing to replace.</translation>
    </message>
    <message>
        <source>更换密钥</source>
        <translation>Replace key</translation>
    </message>
    <message>
        <source>更换 {office} 的密钥：旧指纹 {old} → 新指纹 {new}（此前最近包序号 {seq}）</source>
        <translation>Replaced the key of {office}: old fingerprint {old} → new fingerprint {new} (last package no. before: {seq})</translation>
    </message>
    <message>
        <source>已在别村领过</source>
        <translation>Already handed out in another village</translation>
    </message>
    <message>
        <source>街道下发的名单显示，下面 {n} 人已在别的村（社区）领过这次活动的物资：</source>
        <translation>The street&apos;s list shows that these {n} people were already handed this campaign&apos;s kit in another village (community):</translation>
    </message>
    <message>
        <source>仍要发放的原因（必填），例如：户籍迁入本村，原村已收回</source>
        <translation>Reason to hand it out anyway (required), e.g. moved here, the old village took the kit back</translation>
    </message>
    <message>
        <source>仍然发放</source>
        <translation>Hand out anyway</translation>
    </message>
    <message>
        <source>确需发放时写明原因（记入发放备注）：</source>
        <translation>If it must be handed out, give the reason (kept in the hand-out note):</translation>
    </message>
    <message>
        <source>别村已领，仍发放：{reason}</source>
        <translation>Handed out elsewhere, handed out anyway: {reason}</translation>
    </message>
    <message>
        <source>选择对方用新密钥签发的文件</source>
        <translation>Choose a file the office signed with its new key</translation>
    </message>
    <message>
        <source>数据包、回执或公钥 (*.gopkg *.gorcpt *.gopub)</source>
        <translation>Packages, receipts or public keys (*.gopkg *.gorcpt *.gopub)</translation>
    </message>
    <message>
        <source>为 {office} 更换密钥？

登记的旧指纹：
{old}

文件 {file} 的新指纹：
{new}

请先打电话给对方，核对新指纹无误后再更换。更换后，对方下一个数据包重新起算序号；旧密钥签发的包不再当作有效。</source>
        <translation>Replace the key of {office}?

Registered (old) fingerprint:
{old}

New fingerprint in {file}:
{new}

Phone the office first and replace only once the new fingerprint is confirmed. Afterwards its next package starts the numbering anew; packages signed with the old key are no longer taken as valid.</translation>
    </message>
    <message>
        <source>没有更换密钥</source>
        <translation>The key was not replaced</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>关于网格办公</source>
        <translation>About GridOffice</translation>
    </message>
    <message>
        <source>&lt;h2&gt;网格办公 {version}&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;GridOffice {version}&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;th&gt;组件&lt;/th&gt;&lt;th&gt;版本&lt;/th&gt;&lt;th&gt;用途&lt;/th&gt;&lt;th&gt;许可证&lt;/th&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;th&gt;Component&lt;/th&gt;&lt;th&gt;Version&lt;/th&gt;&lt;th&gt;Use&lt;/th&gt;&lt;th&gt;Licence&lt;/th&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;网格办公以 MIT 许可证发布。使用的组件：&lt;/p&gt;</source>
        <translation>&lt;p&gt;GridOffice is released under the MIT licence. Components used:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>字体许可证（SIL OFL 1.1）…</source>
        <translation>Font licence (SIL OFL 1.1)…</translation>
    </message>
    <message>
        <source>字体许可证</source>
        <translation>Font licence</translation>
    </message>
</context>
<context>
    <name>AddGridDialog</name>
    <message>
        <source>新建网格</source>
        <translation>New grid</translation>
    </message>
    <message>
        <source>如：第9微网格、禹庙小学专属网格</source>
        <translation>e.g. 第9微网格, 禹庙小学专属网格</translation>
    </message>
    <message>
        <source>如：9组；或 锦绣小区3栋1–2单元；或 禹庙小学</source>
        <translation>e.g. 9组; or 锦绣小区3栋1–2单元; or 禹庙小学</translation>
    </message>
    <message>
        <source>上级：</source>
        <translation>Parent:</translation>
    </message>
    <message>
        <source>（最上层）</source>
        <translation>(top level)</translation>
    </message>
    <message>
        <source>层级：</source>
        <translation>Level:</translation>
    </message>
    <message>
        <source>编码：</source>
        <translation>Code:</translation>
    </message>
    <message>
        <source>名称：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>覆盖范围：</source>
        <translation>Area covered:</translation>
    </message>
</context>
<context>
    <name>AddPersonDialog</name>
    <message>
        <source>手工加入名单</source>
        <translation>Add to the list by hand</translation>
    </message>
    <message>
        <source>手工排除</source>
        <translation>Exclude by hand</translation>
    </message>
    <message>
        <source>姓名、拼音首字母或身份证号后几位</source>
        <translation>Name, pinyin initials or last digits of the ID number</translation>
    </message>
    <message>
        <source>例如：独居困难户，经两委研究同意</source>
        <translation>e.g. elderly living alone in hardship, agreed by the village committees</translation>
    </message>
    <message>
        <source>加入名单</source>
        <translation>Add to list</translation>
    </message>
    <message>
        <source>排除</source>
        <translation>Exclude</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>{age}岁</source>
        <translation>{age} years</translation>
    </message>
</context>
<context>
    <name>AssignPane</name>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>地址或户号包含…</source>
        <translation>Address or household number contains…</translation>
    </message>
    <message>
        <source>只看未划入微网格的</source>
        <translation>Only those not in a micro-grid</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Residential compound</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>单元</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>门牌 / 房号</source>
        <translation>Door / flat no.</translation>
    </message>
    <message>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>门牌</source>
        <translation>Door no.</translation>
    </message>
    <message>
        <source>现属网格</source>
        <translation>Current grid</translation>
    </message>
    <message>
        <source>全选</source>
        <translation>Select all</translation>
    </message>
    <message>
        <source>划入选中的微网格</source>
        <translation>Assign to the selected micro-grid</translation>
    </message>
    <message>
        <source>把选中的住户划入</source>
        <translation>Assign the selected households to</translation>
    </message>
    <message>
        <source>提示：也可以把选中的住户直接拖到左边网格树里的微网格上。</source>
        <translation>Tip: you can also drag the selected households onto a micro-grid in the grid tree on the left.</translation>
    </message>
    <message>
        <source>全部住户</source>
        <translation>All households</translation>
    </message>
    <message>
        <source>正在查询…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>没有查出来。</source>
        <translation>The search did not finish.</translation>
    </message>
    <message>
        <source>（未划入）</source>
        <translation>(unassigned)</translation>
    </message>
    <message>
        <source>只列出前 {total} 户（请缩小范围），已选 {n} 户</source>
        <translation>Only the first {total} households are listed (narrow the scope); {n} selected</translation>
    </message>
    <message>
        <source>找到 {total} 户，已选 {n} 户</source>
        <translation>{total} households found, {n} selected</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <source>新值</source>
        <translation>New value</translation>
    </message>
</context>
<context>
    <name>AuditPane</name>
    <message>
        <source>居民姓名或身份证号</source>
        <translation>Resident&apos;s name or ID number</translation>
    </message>
    <message>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>只看所选网格</source>
        <translation>Only the selected grid</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>居民：</source>
        <translation>Resident:</translation>
    </message>
    <message>
        <source>户号：</source>
        <translation>Household no.:</translation>
    </message>
    <message>
        <source>操作员：</source>
        <translation>Operator:</translation>
    </message>
    <message>
        <source>共 {n} 条记录</source>
        <translation>{n} records</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
</context>
<context>
    <name>BackupListModel</name>
    <message>
        <source>备份时间</source>
        <translation>Backed up at</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>加密</source>
        <translation>Encrypted</translation>
    </message>
    <message>
        <source>每日自动</source>
        <translation>Daily automatic</translation>
    </message>
    <message>
        <source>手动</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>导入前</source>
        <translation>Before import</translation>
    </message>
    <message>
        <source>恢复前</source>
        <translation>Before restore</translation>
    </message>
    <message>
        <source>升级前</source>
        <translation>Before upgrade</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
</context>
<context>
    <name>BriefingDialog</name>
    <message>
        <source>工作简报</source>
        <translation>Briefing</translation>
    </message>
    <message>
        <source>上月</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>本月（至今天）</source>
        <translation>This month (to today)</translation>
    </message>
    <message>
        <source>上季度</source>
        <translation>Last quarter</translation>
    </message>
    <message>
        <source>本季度（至今天）</source>
        <translation>This quarter (to today)</translation>
    </message>
    <message>
        <source>自定义时段</source>
        <translation>Custom period</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>只看 {name}</source>
        <translation>Only {name}</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>公示版（只有人数件数，小数字隐藏，不列重点人群和网格）</source>
        <translation>Public version (only counts of people and matters, small numbers hidden, no key populations or grids)</translation>
    </message>
    <message>
        <source>时段：</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>日期：</source>
        <translation>Dates:</translation>
    </message>
    <message>
        <source>范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>生成并预览</source>
        <translation>Make and preview</translation>
    </message>
    <message>
        <source>正在生成工作简报…</source>
        <translation>Making the briefing…</translation>
    </message>
    <message>
        <source>没有生成工作简报</source>
        <translation>No briefing made</translation>
    </message>
    <message>
        <source>工作简报 — {name}</source>
        <translation>Briefing — {name}</translation>
    </message>
</context>
<context>
    <name>CallsView</name>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>本周（一至日）</source>
        <translation>This week (Mon–Sun)</translation>
    </message>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>随访人</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>情况记录</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>情况（可不填），如：血压平稳</source>
        <translation>Note (optional), e.g. blood pressure stable</translation>
    </message>
    <message>
        <source>已打通</source>
        <translation>Reached</translation>
    </message>
    <message>
        <source>未接通</source>
        <translation>Not reached</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>撤销上一步（同 编辑 → 撤销）</source>
        <translation>Undo the last step (same as Edit → Undo)</translation>
    </message>
    <message>
        <source>选中一位居民，电话打完点：</source>
        <translation>Select a resident; after the call click:</translation>
    </message>
    <message>
        <source>红色分级 {n} 人：本周打过电话 {week} 人，今天（{day}）打通 {today} 人</source>
        <translation>{n} red-tier residents: {week} called this week, {today} reached today ({day})</translation>
    </message>
    <message>
        <source>没有登记电话随访</source>
        <translation>Phone follow-up not recorded</translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <source>新建发放活动</source>
        <translation>New handout campaign</translation>
    </message>
    <message>
        <source>健康爱心包</source>
        <translation>Health care kit</translation>
    </message>
    <message>
        <source>补发截止</source>
        <translation>Late handout until</translation>
    </message>
    <message>
        <source>在这一天之前年满最低年龄、新迁入的人，刷新名单时加入补发</source>
        <translation>People who reach the minimum age or move in before this date join as late handouts when the list is refreshed</translation>
    </message>
    <message>
        <source>最低年龄</source>
        <translation>Minimum age</translation>
    </message>
    <message>
        <source> 岁（基准日当天已满）</source>
        <translation> years (reached on the reference date)</translation>
    </message>
    <message>
        <source>60 岁以上</source>
        <translation>Aged 60+</translation>
    </message>
    <message>
        <source>80 岁以上</source>
        <translation>Aged 80+</translation>
    </message>
    <message>
        <source>未成年人</source>
        <translation>Minors</translation>
    </message>
    <message>
        <source>物资</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>每份数量</source>
        <translation>Per kit</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>添加物资</source>
        <translation>Add item</translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation>Delete selected</translation>
    </message>
    <message>
        <source>一般网格</source>
        <translation>General grid</translation>
    </message>
    <message>
        <source>微网格</source>
        <translation>Micro-grid</translation>
    </message>
    <message>
        <source>符合条件</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>调整</source>
        <translation>Adjustment</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>手工加入…</source>
        <translation>Add by hand…</translation>
    </message>
    <message>
        <source>手工排除…</source>
        <translation>Exclude by hand…</translation>
    </message>
    <message>
        <source>活动名称</source>
        <translation>Campaign name</translation>
    </message>
    <message>
        <source>基准日期</source>
        <translation>Reference date</translation>
    </message>
    <message>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>补发</source>
        <translation>Late handout</translation>
    </message>
    <message>
        <source>发给谁（不勾选 = 不限）</source>
        <translation>Who receives it (nothing ticked = anyone)</translation>
    </message>
    <message>
        <source>重点人群（符合任一类即可）</source>
        <translation>Key populations (any one category is enough)</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>每份物资</source>
        <translation>Items per kit</translation>
    </message>
    <message>
        <source>生成名单前的预览（各微网格符合条件人数）</source>
        <translation>Preview before building the list (eligible people per micro-grid)</translation>
    </message>
    <message>
        <source>手工加入或排除（须写原因）</source>
        <translation>Added or excluded by hand (reason required)</translation>
    </message>
    <message>
        <source>新建并生成名单</source>
        <translation>Create and build list</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>加入</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>排除</source>
        <translation>Exclude</translation>
    </message>
    <message>
        <source>符合条件：{n} 人</source>
        <translation>Eligible: {n} people</translation>
    </message>
    <message>
        <source>请检查</source>
        <translation>Please check</translation>
    </message>
</context>
<context>
    <name>CampaignsPane</name>
    <message>
        <source>新建活动…</source>
        <translation>New campaign…</translation>
    </message>
    <message>
        <source>刷新名单（补发）</source>
        <translation>Refresh list (late handouts)</translation>
    </message>
    <message>
        <source>新符合条件的人加入待发（补发）；迁出、死亡的人移出，记录保留</source>
        <translation>Newly eligible people join as pending (late handout); people who moved out or died leave, their records kept</translation>
    </message>
    <message>
        <source>装包清单</source>
        <translation>Packing list</translation>
    </message>
    <message>
        <source>手工加入…</source>
        <translation>Add by hand…</translation>
    </message>
    <message>
        <source>更多</source>
        <translation>More</translation>
    </message>
    <message>
        <source>结束活动（不再登记发放）</source>
        <translation>End campaign (no more handouts)</translation>
    </message>
    <message>
        <source>删除活动…</source>
        <translation>Delete campaign…</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>发放活动</source>
        <translation>Handout campaign</translation>
    </message>
    <message>
        <source>查找：姓名 / 拼音首字母 / 身份证号后 4 位</source>
        <translation>Find: name / pinyin initials / last 4 digits of the ID number</translation>
    </message>
    <message>
        <source>回车：转到第一个查到的人；在名单里回车：登记发放，然后回到查找框</source>
        <translation>Enter: go to the first person found; Enter in the list: record the hand-out and come back to the find box</translation>
    </message>
    <message>
        <source>全活动</source>
        <translation>Whole campaign</translation>
    </message>
    <message>
        <source>勾选后在整个活动中查找；不勾只查所选网格的名单</source>
        <translation>When ticked, search the whole campaign; otherwise only the chosen grid&apos;s list</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>待发</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>补发（新加入）</source>
        <translation>Late handouts (joined)</translation>
    </message>
    <message>
        <source>已发</source>
        <translation>Handed out</translation>
    </message>
    <message>
        <source>拒领</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>联系不上</source>
        <translation>Unreachable</translation>
    </message>
    <message>
        <source>已移出</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>待发名单</source>
        <translation>Pending list</translation>
    </message>
    <message>
        <source>只看所选网格还没发的人</source>
        <translation>Only people in the selected grid not yet handed out</translation>
    </message>
    <message>
        <source>勾选待发</source>
        <translation>Tick pending</translation>
    </message>
    <message>
        <source>全不勾</source>
        <translation>Untick all</translation>
    </message>
    <message>
        <source>{name}（基准日 {date}）</source>
        <translation>{name} (reference date {date})</translation>
    </message>
    <message>
        <source>重新开放活动</source>
        <translation>Reopen campaign</translation>
    </message>
    <message>
        <source>还没有发放活动。点“新建活动…”开始。</source>
        <translation>No handout campaigns yet. Click “New campaign…” to start.</translation>
    </message>
    <message>
        <source>【已结束】</source>
        <translation>[ended]</translation>
    </message>
    <message>
        <source>应发 {eligible} 人 · 已发 {handed} · 未发 {remaining}（拒领 {declined}，联系不上 {unreachable}）· 发放率 {rate:.1%}</source>
        <translation>Due {eligible} · handed out {handed} · not yet {remaining} (declined {declined}, unreachable {unreachable}) · coverage {rate:.1%}</translation>
    </message>
    <message>
        <source>查找“{text}”：{n} 人</source>
        <translation>Find “{text}”: {n} people</translation>
    </message>
    <message>
        <source>在{grid}查找“{text}”：{n} 人</source>
        <translation>Find “{text}” in {grid}: {n} persons</translation>
    </message>
    <message>
        <source>全部名单：{n} 人</source>
        <translation>Whole list: {n} people</translation>
    </message>
    <message>
        <source>{grid}：{n} 人</source>
        <translation>{grid}: {n} people</translation>
    </message>
    <message>
        <source>&#x3000;服务团队：</source>
        <translation>  Service team: </translation>
    </message>
    <message>
        <source>已勾选 {n} 人</source>
        <translation>{n} ticked</translation>
    </message>
    <message>
        <source>登记发放（{n} 人）</source>
        <translation>Record handout ({n} people)</translation>
    </message>
    <message>
        <source>登记发放</source>
        <translation>Record handout</translation>
    </message>
    <message>
        <source>撤销：{what}</source>
        <translation>Undo: {what}</translation>
    </message>
    <message>
        <source>不能登记</source>
        <translation>Cannot record</translation>
    </message>
    <message>
        <source>请选择发放人。</source>
        <translation>Choose who handed out.</translation>
    </message>
    <message>
        <source>请先勾选要移出名单的人员。</source>
        <translation>Tick the people to remove from the list first.</translation>
    </message>
    <message>
        <source>删除活动</source>
        <translation>Delete campaign</translation>
    </message>
    <message>
        <source>删除“{name}”和它的名单（应发 {n} 人）？可以用“撤销”恢复。</source>
        <translation>Delete “{name}” and its list ({n} people due)? “Undo” brings it back.</translation>
    </message>
    <message>
        <source>正在生成发放名单，请稍候…</source>
        <translation>Making the hand-out list, please wait…</translation>
    </message>
    <message>
        <source>不能新建</source>
        <translation>Cannot create</translation>
    </message>
    <message>
        <source>活动没有建成。</source>
        <translation>The campaign was not created.</translation>
    </message>
    <message>
        <source>正在刷新名单，请稍候…</source>
        <translation>Refreshing the list, please wait…</translation>
    </message>
    <message>
        <source>不能刷新</source>
        <translation>Cannot refresh</translation>
    </message>
    <message>
        <source>名单没有刷新。</source>
        <translation>The list was not refreshed.</translation>
    </message>
    <message>
        <source>按 {on} 刷新：新加入 {j} 人（补发），移出 {l} 人。</source>
        <translation>Refreshed as of {on}: {j} joined (late handout), {l} removed.</translation>
    </message>
    <message>
        <source>加入：{grid} {name}</source>
        <translation>Joined: {grid} {name}</translation>
    </message>
    <message>
        <source>移出：{grid} {name}（{reason}）</source>
        <translation>Removed: {grid} {name} ({reason})</translation>
    </message>
    <message>
        <source>……完整名单见“补发（新加入）”和“已移出”。</source>
        <translation>…the full lists are under “Late handouts (joined)” and “Removed”.</translation>
    </message>
    <message>
        <source>刷新名单</source>
        <translation>Refresh list</translation>
    </message>
</context>
<context>
    <name>CategoriesDialog</name>
    <message>
        <source>事项类别</source>
        <translation>Matter category</translation>
    </message>
    <message>
        <source>每行一个类别。已登记事项的类别不会改变。</source>
        <translation>One category per line. Matters already recorded keep their category.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>不能保存</source>
        <translation>Cannot save</translation>
    </message>
</context>
<context>
    <name>ChangeCommand</name>
    <message>
        <source>无法撤销</source>
        <translation>Cannot undo</translation>
    </message>
    <message>
        <source>无法重做</source>
        <translation>Cannot redo</translation>
    </message>
</context>
<context>
    <name>ChecksBadge</name>
    <message>
        <source>网格检查：检查中…</source>
        <translation>Grid checks: checking…</translation>
    </message>
    <message>
        <source>网格检查：{n} 项问题</source>
        <translation>Grid checks: {n} problems</translation>
    </message>
    <message>
        <source>网格检查：通过</source>
        <translation>Grid checks: passed</translation>
    </message>
    <message>
        <source>单击打开或关闭“网格检查”列表</source>
        <translation>Click to open or close the grid checks list</translation>
    </message>
</context>
<context>
    <name>ChecksDock</name>
    <message>
        <source>网格检查</source>
        <translation>Grid checks</translation>
    </message>
</context>
<context>
    <name>ChecksPanel</name>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>编码 {code}，单击转到</source>
        <translation>Code {code}; click to go there</translation>
    </message>
    <message>
        <source>发现 {n} 项问题，单击一项转到要修改的地方。</source>
        <translation>{n} problems found; click one to go to what needs changing.</translation>
    </message>
    <message>
        <source>网格结构检查通过，没有发现问题。</source>
        <translation>The grid structure passed the checks; no problems found.</translation>
    </message>
</context>
<context>
    <name>CommitPage</name>
    <message>
        <source>第四步：导入</source>
        <translation>Step 4: Import</translation>
    </message>
    <message>
        <source>写入前先自动备份；整个导入一次写入，中途出错或取消时数据库保持原样。</source>
        <translation>The database is backed up before writing; the whole import is written at once, and if it fails or is cancelled the database stays as it was.</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>正在备份并写入数据库，请稍候…</source>
        <translation>Backing up and writing to the database, please wait…</translation>
    </message>
    <message>
        <source>导入完成：新增 {added} 人、{households} 户，更新 {updated} 人。</source>
        <translation>Import finished: {added} people and {households} households added, {updated} people updated.</translation>
    </message>
    <message>
        <source>{n} 户的微网格在数据库里找不到，暂未分配网格。</source>
        <translation>The micro-grids of {n} households are not in the database; they are left unassigned.</translation>
    </message>
    <message>
        <source>新建微网格：{names}</source>
        <translation>New micro-grids: {names}</translation>
    </message>
    <message>
        <source>导入前的数据已备份到：{path}</source>
        <translation>The data before the import was backed up to: {path}</translation>
    </message>
    <message>
        <source>导入没有完成，数据库保持原样。</source>
        <translation>The import did not finish; the database is unchanged.</translation>
    </message>
    <message>
        <source>导入没有完成</source>
        <translation>Import not finished</translation>
    </message>
</context>
<context>
    <name>ConflictsTab</name>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <source>表</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>本地的值</source>
        <translation>Our value</translation>
    </message>
    <message>
        <source>对方的值</source>
        <translation>Their value</translation>
    </message>
    <message>
        <source>保留本地</source>
        <translation>Keep ours</translation>
    </message>
    <message>
        <source>采用对方</source>
        <translation>Take theirs</translation>
    </message>
    <message>
        <source>双方都改了同一字段：逐条选择保留本地的值或采用对方的值（每一步都可撤销）。</source>
        <translation>Both sides changed the same field: for each one, keep our value or take theirs (every step can be undone).</translation>
    </message>
    <message>
        <source>没有待处理的冲突。</source>
        <translation>No pending conflicts.</translation>
    </message>
</context>
<context>
    <name>CoverageModel</name>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>应发</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>已发</source>
        <translation>Handed out</translation>
    </message>
    <message>
        <source>未发</source>
        <translation>Not handed out</translation>
    </message>
    <message>
        <source>发放率</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>待发 {pending}，拒领 {declined}，联系不上 {unreachable}</source>
        <translation>Pending {pending}, declined {declined}, unreachable {unreachable}</translation>
    </message>
</context>
<context>
    <name>DeskTab</name>
    <message>
        <source>单位</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>行政区划代码</source>
        <translation>Administrative division code</translation>
    </message>
    <message>
        <source>已登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>最近包序号</source>
        <translation>Latest package no.</translation>
    </message>
    <message>
        <source>最近报送</source>
        <translation>Last submitted</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>已审批月份</source>
        <translation>Approved months</translation>
    </message>
    <message>
        <source>要审批（或取消审批）的月份；审批后，这个月的走访、事项、发放和服务记录不再接受修改</source>
        <translation>The month to approve (or to un-approve); once approved, that month&apos;s visits, matters, hand-outs and services take no more changes</translation>
    </message>
    <message>
        <source>审批并锁定</source>
        <translation>Approve and lock</translation>
    </message>
    <message>
        <source>取消审批</source>
        <translation>Withdraw approval</translation>
    </message>
    <message>
        <source>更换密钥…</source>
        <translation>Replace key…</translation>
    </message>
    <message>
        <source>选中的单位换了电脑、生成了新密钥：读它的新数据包或公钥文件，电话核对新指纹后更换</source>
        <translation>The selected office changed PC and made a new key: read its new package or public-key file, confirm the new fingerprint by phone, then replace</translation>
    </message>
    <message>
        <source>月份：</source>
        <translation>Month:</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>发放覆盖率</source>
        <translation>Hand-out coverage</translation>
    </message>
    <message>
        <source>各村（社区）统计包汇总（合计为全街道）：</source>
        <translation>Villages&apos; (communities&apos;) aggregate packages summed up (the total is the whole street):</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>未报送</source>
        <translation>Not submitted</translation>
    </message>
    <message>
        <source>应报 {n} 个单位，{late} 个超过 {days} 天未报送。</source>
        <translation>{n} offices are due to submit; {late} have not submitted for over {days} days.</translation>
    </message>
    <message>
        <source>请先在表中选择一个已登记的单位。</source>
        <translation>First select a registered office in the table.</translation>
    </message>
</context>
<context>
    <name>EntitlementModel</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>微网格</source>
        <translation>Micro-grid</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>发放日期</source>
        <translation>Handout date</translation>
    </message>
    <message>
        <source>发放人</source>
        <translation>Handed out by</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>代领人</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>原因 / 备注</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <source>（补发）</source>
        <translation> (late)</translation>
    </message>
</context>
<context>
    <name>ExchangeDialog</name>
    <message>
        <source>删除记录</source>
        <translation>Deleted records</translation>
    </message>
    <message>
        <source>数据交换</source>
        <translation>Data exchange</translation>
    </message>
    <message>
        <source>发送</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>接收</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>汇总台</source>
        <translation>Summary desk</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>导出台账</source>
        <translation>Export ledger</translation>
    </message>
    <message>
        <source>全部网格（在左侧网格树中选中一个网格可只导出该网格）</source>
        <translation>All grids (select a grid in the grid tree on the left to export only that grid)</translation>
    </message>
    <message>
        <source>只导出所选网格：{name}（{code}）</source>
        <translation>Only the selected grid: {name} ({code})</translation>
    </message>
    <message>
        <source>公示版（身份证号、手机号打码，不含重点人群等敏感信息）</source>
        <translation>Public version (ID numbers and mobiles masked, no key-population or other sensitive details)</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>台账：</source>
        <translation>Ledger:</translation>
    </message>
    <message>
        <source>范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>日期：</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>保存为：</source>
        <translation>Save as:</translation>
    </message>
    <message>
        <source>%p%</source>
        <translation>%p%</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>打开文件</source>
        <translation>Open file</translation>
    </message>
    <message>
        <source>这份台账含有敏感信息，不能导出公示版。</source>
        <translation>This ledger holds sensitive details; it has no public version.</translation>
    </message>
    <message>
        <source>时段：{start} 至 {end}</source>
        <translation>Period: {start} to {end}</translation>
    </message>
    <message>
        <source>（月初第一周导出上个整月）</source>
        <translation>(in the first week of a month, the whole previous month is exported)</translation>
    </message>
    <message>
        <source>（公示）</source>
        <translation> (public)</translation>
    </message>
    <message>
        <source>保存台账</source>
        <translation>Save ledger</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx);;PDF 文件（直接打印） (*.pdf)</source>
        <translation>Excel workbook (*.xlsx);;PDF file, ready to print (*.pdf)</translation>
    </message>
    <message>
        <source>请先选择保存的文件。</source>
        <translation>Choose the file to save first.</translation>
    </message>
    <message>
        <source>不能建立文件夹 {folder}：{error}</source>
        <translation>Cannot create the folder {folder}: {error}</translation>
    </message>
    <message>
        <source>文件已存在，要覆盖吗？
{path}</source>
        <translation>The file exists. Overwrite it?
{path}</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已导出 {rows} 行到 {path}</source>
        <translation>{rows} rows exported to {path}</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>已取消，没有生成文件。</source>
        <translation>Cancelled; no file was written.</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>第一步：选择花名册文件</source>
        <translation>Step 1: Choose the roster file</translation>
    </message>
    <message>
        <source>支持 Excel 表格（.xlsx、.xls）。表头可以不在第一行，列名不必和本程序一样。</source>
        <translation>Excel spreadsheets (.xlsx, .xls). The header need not be in the first row, and column names need not match this program&apos;s.</translation>
    </message>
    <message>
        <source>花名册文件的位置</source>
        <translation>Where the roster file is</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>自动识别</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>表头（“姓名”“身份证号”等列名）在第几行；认不出时在这里指定</source>
        <translation>The row with the column names (姓名, 身份证号, …); give it here when it is not found</translation>
    </message>
    <message>
        <source>整个数据库</source>
        <translation>The whole database</translation>
    </message>
    <message>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>工作表：</source>
        <translation>Sheet:</translation>
    </message>
    <message>
        <source>表头所在行：</source>
        <translation>Header row:</translation>
    </message>
    <message>
        <source>核对年龄标记的日期：</source>
        <translation>Date for checking age marks:</translation>
    </message>
    <message>
        <source>这是哪个村（社区）的花名册：</source>
        <translation>Roster of which village (community):</translation>
    </message>
    <message>
        <source>导入前会先检查每一行，并显示哪些行会新增、更新、跳过或不能导入；确认后才写入数据库，写入前自动备份。身份证号已在库里的人会被更新，不会重复。</source>
        <translation>Every row is checked first, showing which rows will be added, updated, skipped or refused; the database is written only after you confirm, with a backup first. People whose ID number is already in the database are updated, not duplicated.</translation>
    </message>
    <message>
        <source>选择花名册</source>
        <translation>Choose roster</translation>
    </message>
    <message>
        <source>Excel 表格 (*.xlsx *.xls *.xlsm *.ods);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.xls *.xlsm *.ods);;All files (*)</translation>
    </message>
    <message>
        <source>自动（找到表头的工作表）</source>
        <translation>Automatic (the sheet with the header)</translation>
    </message>
</context>
<context>
    <name>FillPage</name>
    <message>
        <source>填写并保存</source>
        <translation>Fill and save</translation>
    </message>
    <message>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>填写</source>
        <translation>Fill</translation>
    </message>
    <message>
        <source>打开填好的表格</source>
        <translation>Open the filled form</translation>
    </message>
    <message>
        <source>打开所在文件夹</source>
        <translation>Open its folder</translation>
    </message>
    <message>
        <source>{name}（已填）.xlsx</source>
        <translation>{name} (filled).xlsx</translation>
    </message>
    <message>
        <source>保存填好的表格</source>
        <translation>Save the filled form</translation>
    </message>
    <message>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>正在填写表格…</source>
        <translation>Filling the form…</translation>
    </message>
    <message>
        <source>已填写 {rows} 行：{path}</source>
        <translation>{rows} rows filled: {path}</translation>
    </message>
    <message>
        <source>未填写的列：{names}</source>
        <translation>Columns not filled: {names}</translation>
    </message>
    <message>
        <source>表格没有填写。</source>
        <translation>The form was not filled.</translation>
    </message>
</context>
<context>
    <name>FillWizard</name>
    <message>
        <source>按上级表格填报</source>
        <translation>Fill a form from above</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>首次使用</source>
        <translation>First use</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FormPage</name>
    <message>
        <source>选择上级发来的空白表格</source>
        <translation>Choose the blank form sent from above</translation>
    </message>
    <message>
        <source>支持 .xlsx、.xls、.ods。原表不会被改动，填好的表格另存为新文件。</source>
        <translation>.xlsx, .xls and .ods are supported. The original is not changed; the filled form is saved as a new file.</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>表格文件：</source>
        <translation>Form file:</translation>
    </message>
    <message>
        <source>填报方案：</source>
        <translation>Filling scheme:</translation>
    </message>
    <message>
        <source>按哪一天统计：</source>
        <translation>Count as of:</translation>
    </message>
    <message>
        <source>（不用方案）</source>
        <translation>(no scheme)</translation>
    </message>
    <message>
        <source>选择表格</source>
        <translation>Choose a form</translation>
    </message>
    <message>
        <source>Excel 表格 (*.xlsx *.xls *.ods)</source>
        <translation>Excel workbooks (*.xlsx *.xls *.ods)</translation>
    </message>
    <message>
        <source>表头变了</source>
        <translation>Header changed</translation>
    </message>
    <message>
        <source>这张表格与方案“{name}”保存时不同：
{what}

仍按方案填写吗？</source>
        <translation>This form differs from when scheme “{name}” was saved:
{what}

Fill by the scheme anyway?</translation>
    </message>
    <message>
        <source>表头在第 {a}–{b} 行，{n} 列；空白数据行 {d} 行。</source>
        <translation>Header in rows {a}–{b}, {n} columns; {d} empty data rows.</translation>
    </message>
</context>
<context>
    <name>GettingStarted</name>
    <message>
        <source>&lt;b&gt;开始使用：这个数据库还是空的。&lt;/b&gt;按下面三步建起本村（社区）的台账。</source>
        <translation>&lt;b&gt;Getting started: this database is empty.&lt;/b&gt; Three steps set up your village&apos;s (community&apos;s) records.</translation>
    </message>
    <message>
        <source>1. 建立网格：新建村（社区）和它的一般网格</source>
        <translation>1. Build the grids: a new village (community) and its general grids</translation>
    </message>
    <message>
        <source>新建村（社区）…</source>
        <translation>New village (community)…</translation>
    </message>
    <message>
        <source>2. 导入花名册：住户和人口；花名册里写的微网格可以一并新建</source>
        <translation>2. Import a roster: households and residents; the micro-grids it names can be created at the same time</translation>
    </message>
    <message>
        <source>导入花名册…</source>
        <translation>Import roster…</translation>
    </message>
    <message>
        <source>3. 添加网格员：网格长、网格员、家庭医生，再到“网格与服务团队”任命</source>
        <translation>3. Add staff: grid leaders, grid workers, family doctors; then appoint them under “Grids and service teams”</translation>
    </message>
    <message>
        <source>添加网格员…</source>
        <translation>Add staff…</translation>
    </message>
    <message>
        <source>已有 {n} 个网格</source>
        <translation>{n} grids</translation>
    </message>
    <message>
        <source>已有 {n} 户</source>
        <translation>{n} households</translation>
    </message>
    <message>
        <source>已有 {n} 名网格员</source>
        <translation>{n} staff</translation>
    </message>
    <message>
        <source>未做</source>
        <translation>Not done</translation>
    </message>
</context>
<context>
    <name>GiveDialog</name>
    <message>
        <source>药品报废</source>
        <translation>Write off medicine</translation>
    </message>
    <message>
        <source>药品发放</source>
        <translation>Hand out medicine</translation>
    </message>
    <message>
        <source>无有效期</source>
        <translation>No expiry date</translation>
    </message>
    <message>
        <source>{item}&#x3000;批号 {batch}&#x3000;有效期至 {expiry}&#x3000;库存 {n}{unit}</source>
        <translation>{item}  Batch {batch}  Expires {expiry}  Stock {n} {unit}</translation>
    </message>
    <message>
        <source>药品</source>
        <translation>Medicine</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>报废日期</source>
        <translation>Write-off date</translation>
    </message>
    <message>
        <source>发放日期</source>
        <translation>Hand-out date</translation>
    </message>
    <message>
        <source>领取人</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>经手人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>发放人</source>
        <translation>Handed out by</translation>
    </message>
    <message>
        <source>过期、破损…</source>
        <translation>Expired, damaged…</translation>
    </message>
    <message>
        <source>如 感冒发热，按说明服用</source>
        <translation>e.g. cold and fever, take as directed</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>库存只有 {n}{unit}</source>
        <translation>Only {n} {unit} in stock</translation>
    </message>
    <message>
        <source>这批药品已于 {day} 过期，不能发放，请报废</source>
        <translation>This batch expired on {day} and cannot be handed out; please write it off</translation>
    </message>
    <message>
        <source>请查找并选出领取的居民</source>
        <translation>Please find and select the receiving resident</translation>
    </message>
</context>
<context>
    <name>GridTreeModel</name>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>范围：</source>
        <translation>Scope:</translation>
    </message>
</context>
<context>
    <name>HandoutForm</name>
    <message>
        <source>登记（对勾选的人；没有勾选时对选中的行）</source>
        <translation>Record (for the ticked people; if none, for the selected rows)</translation>
    </message>
    <message>
        <source>到村委会领取</source>
        <translation>Collected at the village committee</translation>
    </message>
    <message>
        <source>上门送达</source>
        <translation>Delivered to the door</translation>
    </message>
    <message>
        <source>本人领取</source>
        <translation>Collected in person</translation>
    </message>
    <message>
        <source>代领</source>
        <translation>By proxy</translation>
    </message>
    <message>
        <source>代领人姓名</source>
        <translation>Name of the proxy collector</translation>
    </message>
    <message>
        <source>与本人关系</source>
        <translation>Relation to recipient</translation>
    </message>
    <message>
        <source>登记发放</source>
        <translation>Record handout</translation>
    </message>
    <message>
        <source>原因（拒领、联系不上、移出时必填）</source>
        <translation>Reason (required for declined, unreachable, removed)</translation>
    </message>
    <message>
        <source>拒领</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>标记为拒领（须写原因）</source>
        <translation>Mark as declined (reason required)</translation>
    </message>
    <message>
        <source>联系不上</source>
        <translation>Unreachable</translation>
    </message>
    <message>
        <source>改回待发</source>
        <translation>Back to pending</translation>
    </message>
    <message>
        <source>把登记错的发放、拒领、联系不上改回待发</source>
        <translation>Set wrongly recorded handouts, declines or unreachables back to pending</translation>
    </message>
    <message>
        <source>移出</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>手工排除（须写原因），记录保留</source>
        <translation>Exclude by hand (reason required); records kept</translation>
    </message>
    <message>
        <source>发放日期</source>
        <translation>Handout date</translation>
    </message>
    <message>
        <source>发放人</source>
        <translation>Handed out by</translation>
    </message>
    <message>
        <source>……共 {n} 人</source>
        <translation>… {n} people in all</translation>
    </message>
</context>
<context>
    <name>HealthPane</name>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>打印床头联系卡…</source>
        <translation>Print bedside contact cards…</translation>
    </message>
    <message>
        <source>打印每日电话表…</source>
        <translation>Print daily phone sheet…</translation>
    </message>
    <message>
        <source>流动接种名单…</source>
        <translation>Mobile vaccination list…</translation>
    </message>
    <message>
        <source>到期签约…</source>
        <translation>Expiring contracts…</translation>
    </message>
    <message>
        <source>拍快照</source>
        <translation>Take snapshot</translation>
    </message>
    <message>
        <source>记下本周各网格红黄绿人数（程序每周启动后也会自动记一次）</source>
        <translation>Record this week&apos;s red/yellow/green counts per grid (the program also records them automatically once a week after start-up)</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>黄</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>绿</source>
        <translation>Green</translation>
    </message>
    <message>
        <source>未评估</source>
        <translation>Not assessed</translation>
    </message>
    <message>
        <source>65岁以上</source>
        <translation>Over 65</translation>
    </message>
    <message>
        <source>签约率</source>
        <translation>Contract rate</translation>
    </message>
    <message>
        <source>65岁以上签约率</source>
        <translation>Contract rate over 65</translation>
    </message>
    <message>
        <source>重点人群签约率</source>
        <translation>Key population contract rate</translation>
    </message>
    <message>
        <source>30天内到期</source>
        <translation>Expiring within 30 days</translation>
    </message>
    <message>
        <source>本周电话（红）</source>
        <translation>Calls this week (red)</translation>
    </message>
    <message>
        <source>点人数看名单；双击网格名进入该网格</source>
        <translation>Click a count to see the list; double-click a grid name to open that grid</translation>
    </message>
    <message>
        <source>还没有记下过哪一周的分级人数：点“拍快照”，以后程序每周会自动记一次。</source>
        <translation>No weekly tier counts recorded yet: click &quot;Take snapshot&quot;; after that the program records them automatically once a week.</translation>
    </message>
    <message>
        <source>分级与签约</source>
        <translation>Tiers and contracts</translation>
    </message>
    <message>
        <source>每日电话</source>
        <translation>Daily calls</translation>
    </message>
    <message>
        <source>名单</source>
        <translation>List</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>{scope}：65岁以上 {n} 人（红 {red}，黄 {yellow}，绿 {green}，未评估 {none}）</source>
        <translation>{scope}: {n} residents over 65 (red {red}, yellow {yellow}, green {green}, not assessed {none})</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>先在左边选一个微网格</source>
        <translation>First select a micro-grid on the left</translation>
    </message>
    <message>
        <source>正在记录分级人数…</source>
        <translation>Recording tier counts…</translation>
    </message>
    <message>
        <source>没有记下分级人数</source>
        <translation>Tier counts not recorded</translation>
    </message>
    <message>
        <source>没有登记接种</source>
        <translation>Vaccination not recorded</translation>
    </message>
    <message>
        <source>请先在左边的网格树里选一个微网格。</source>
        <translation>Please first select a micro-grid in the grid tree on the left.</translation>
    </message>
    <message>
        <source>床头联系卡</source>
        <translation>Bedside contact cards</translation>
    </message>
    <message>
        <source>正在生成床头联系卡…</source>
        <translation>Generating bedside contact cards…</translation>
    </message>
    <message>
        <source>没有生成床头联系卡</source>
        <translation>Bedside contact cards not generated</translation>
    </message>
    <message>
        <source>每日电话随访表</source>
        <translation>Daily phone follow-up sheet</translation>
    </message>
    <message>
        <source>正在生成每日电话随访表…</source>
        <translation>Generating the daily phone follow-up sheet…</translation>
    </message>
    <message>
        <source>没有生成每日电话随访表</source>
        <translation>Daily phone follow-up sheet not generated</translation>
    </message>
</context>
<context>
    <name>HealthRulesDialog</name>
    <message>
        <source>健康分级评分规则</source>
        <translation>Health tier scoring rules</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source> 分</source>
        <translation> pts</translation>
    </message>
    <message>
        <source>不打</source>
        <translation>No calls</translation>
    </message>
    <message>
        <source>65 岁以上居民按 年龄 + 慢性病 + 疫苗接种 的总分分级：总分达到黄色起点为黄，达到红色起点为红，其余为绿。默认：65–79岁 1 分、80岁以上 2 分；慢病稳定 1、不稳定 2；疫苗未全程 1、未接种 2；2–3 分黄，4 分以上红。粗体为本单位改过的。</source>
        <translation>Residents over 65 are tiered by the total score of age + chronic disease + vaccination: reaching the yellow threshold means yellow, reaching the red threshold means red, anything else green. Defaults: age 65–79 1 point, 80 and over 2; chronic disease stable 1, unstable 2; vaccination incomplete 1, none 2; 2–3 points yellow, 4 or more red. Bold marks values this office has changed.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>修改分级评分规则</source>
        <translation>Change tier scoring rules</translation>
    </message>
    <message>
        <source>不能保存</source>
        <translation>Cannot save</translation>
    </message>
</context>
<context>
    <name>HealthTab</name>
    <message>
        <source>如 高血压、糖尿病；没有可不填</source>
        <translation>E.g. hypertension, diabetes; leave empty if none</translation>
    </message>
    <message>
        <source>慢性病</source>
        <translation>Chronic disease</translation>
    </message>
    <message>
        <source>病情</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>疫苗接种</source>
        <translation>Vaccination</translation>
    </message>
    <message>
        <source>接种剂次</source>
        <translation>Vaccine doses</translation>
    </message>
    <message>
        <source>末次接种日期</source>
        <translation>Last vaccination date</translation>
    </message>
    <message>
        <source>行动不便（需上门服务）</source>
        <translation>Limited mobility (needs home visits)</translation>
    </message>
    <message>
        <source>计算分级</source>
        <translation>Computed tier</translation>
    </message>
    <message>
        <source>（按计算）</source>
        <translation>(as computed)</translation>
    </message>
    <message>
        <source>人工分级</source>
        <translation>Manual tier</translation>
    </message>
    <message>
        <source>人工分级须写明原因</source>
        <translation>A manual tier needs a reason</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>未签约</source>
        <translation>No contract</translation>
    </message>
    <message>
        <source>家庭医生签约</source>
        <translation>Family-doctor contract</translation>
    </message>
    <message>
        <source>签约日期</source>
        <translation>Contract date</translation>
    </message>
    <message>
        <source>到期日期</source>
        <translation>Expiry date</translation>
    </message>
    <message>
        <source>（已离岗的医生）</source>
        <translation>(doctor no longer active)</translation>
    </message>
    <message>
        <source>不满 65 岁（或无出生日期），不分级</source>
        <translation>Under 65 (or no date of birth): not tiered</translation>
    </message>
    <message>
        <source>未评估（尚无健康信息）</source>
        <translation>Not assessed (no health details yet)</translation>
    </message>
    <message>
        <source>{tier}（{total} 分）</source>
        <translation>{tier} ({total} points)</translation>
    </message>
    <message>
        <source>到期日期早于签约日期</source>
        <translation>The expiry date is before the contract date</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>使用说明</source>
        <translation>User guide</translation>
    </message>
    <message>
        <source>guide_zh.html</source>
        <comment>file name of the user guide in this language</comment>
        <translation>guide_en.html</translation>
    </message>
</context>
<context>
    <name>HitsModel</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>匹配</source>
        <translation>Match</translation>
    </message>
</context>
<context>
    <name>HouseholdEditor</name>
    <message>
        <source>住户</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>所属微网格</source>
        <translation>Micro-grid</translation>
    </message>
    <message>
        <source>组</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Residential compound</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>单元</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>门牌/房号</source>
        <translation>Door/flat no.</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>不填则由组、小区、楼栋、单元、门牌拼成</source>
        <translation>If empty, made from group, compound, building, unit and door number</translation>
    </message>
    <message>
        <source>户籍类型</source>
        <translation>Hukou type</translation>
    </message>
    <message>
        <source>居住状态</source>
        <translation>Residence</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>保存住户信息</source>
        <translation>Save household</translation>
    </message>
    <message>
        <source>登记五到家服务…</source>
        <translation>Record a “five to the home” service…</translation>
    </message>
    <message>
        <source>成员</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>新增成员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>设为户主</source>
        <translation>Make head</translation>
    </message>
    <message>
        <source>登记迁出</source>
        <translation>Record moving out</translation>
    </message>
    <message>
        <source>登记死亡</source>
        <translation>Record death</translation>
    </message>
    <message>
        <source>恢复在册</source>
        <translation>Restore as registered</translation>
    </message>
    <message>
        <source>删除（回收站）</source>
        <translation>Delete (recycle bin)</translation>
    </message>
    <message>
        <source>整户移到其他网格…</source>
        <translation>Move the household to another grid…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>住户 {number}</source>
        <translation>Household {number}</translation>
    </message>
    <message>
        <source>新增住户</source>
        <translation>New household</translation>
    </message>
    <message>
        <source>成员（先保存住户信息）</source>
        <translation>Members (save the household first)</translation>
    </message>
    <message>
        <source>成员（{n} 人）</source>
        <translation>Members ({n})</translation>
    </message>
    <message>
        <source>正在保存住户信息…</source>
        <translation>Saving the household…</translation>
    </message>
    <message>
        <source>原户主与新户主的关系：</source>
        <translation>Former head&apos;s relation to the new head:</translation>
    </message>
    <message>
        <source>移到其他网格</source>
        <translation>Move to another grid</translation>
    </message>
    <message>
        <source>移到：</source>
        <translation>Move to:</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>导入花名册</source>
        <translation>Import roster</translation>
    </message>
    <message>
        <source>正在读取并检查花名册…</source>
        <translation>Reading and checking the roster…</translation>
    </message>
    <message>
        <source>无法读取花名册</source>
        <translation>Cannot read the roster</translation>
    </message>
    <message>
        <source>无法读取花名册。</source>
        <translation>The roster could not be read.</translation>
    </message>
</context>
<context>
    <name>IssueTableModel</name>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <source>密钥</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>生成新密钥…</source>
        <translation>Make a new key…</translation>
    </message>
    <message>
        <source>写公钥文件…</source>
        <translation>Write public-key file…</translation>
    </message>
    <message>
        <source>换电脑时：用密码加密导出，到新电脑上导入</source>
        <translation>When changing PC: export it sealed with a password, import it on the new PC</translation>
    </message>
    <message>
        <source>原电脑已坏、密钥找不回时才用：之后请街道为本单位更换密钥</source>
        <translation>Only when the old PC died with the key: afterwards the street replaces this office&apos;s key</translation>
    </message>
    <message>
        <source>只含公钥：交给街道登记或更换密钥</source>
        <translation>Public key only: for the street to register or replace the key</translation>
    </message>
    <message>
        <source>本单位签名密钥（不在备份里）</source>
        <translation>This office&apos;s signing key (not in backups)</translation>
    </message>
    <message>
        <source>街道下发的 64 位密钥</source>
        <translation>The 64-digit key from the street</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>生成</source>
        <translation>Make</translation>
    </message>
    <message>
        <source>化名密钥（街道生成，当面或电话下发各村，不随数据包发送）</source>
        <translation>Pseudonymisation key (made by the street, handed to villages in person or by phone, never inside a package)</translation>
    </message>
    <message>
        <source>本机的密钥指纹：{fp}</source>
        <translation>Key fingerprint on this PC: {fp}</translation>
    </message>
    <message>
        <source>本机还没有本单位的签名密钥。第一次导出数据包时会自动生成；换了电脑时请导入原电脑导出的密钥文件。</source>
        <translation>This PC has no signing key for the office yet. It is made with the first package exported; after changing PC, import the key file exported on the old PC.</translation>
    </message>
    <message>
        <source>已设置（{head}…）</source>
        <translation>Set ({head}…)</translation>
    </message>
    <message>
        <source>还没有设置。</source>
        <translation>Not set yet.</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>密钥文件的密码（至少 8 位）：</source>
        <translation>Password of the key file (at least 8 characters):</translation>
    </message>
    <message>
        <source>再输入一次密码：</source>
        <translation>Enter the password again:</translation>
    </message>
    <message>
        <source>两次输入的密码不一致。</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>密钥导出到</source>
        <translation>Export the key to</translation>
    </message>
    <message>
        <source>单位密钥 (*.gokey)</source>
        <translation>Office keys (*.gokey)</translation>
    </message>
    <message>
        <source>密钥已加密写到 {result}。请把文件和密码分开保管，到新电脑上按“导入…”。</source>
        <translation>The key was written, sealed, to {result}. Keep the file and the password apart; on the new PC press “Import…”.</translation>
    </message>
    <message>
        <source>选择密钥文件</source>
        <translation>Choose the key file</translation>
    </message>
    <message>
        <source>已导入本单位密钥（指纹 {result}），可以继续签发数据包和回执。</source>
        <translation>Imported the office key (fingerprint {result}); packages and receipts can be signed again.</translation>
    </message>
    <message>
        <source>生成新密钥</source>
        <translation>Make a new key</translation>
    </message>
    <message>
        <source>只有原电脑已坏、密钥找不回时才生成新密钥。
生成后，其他单位会拒收本单位的数据包，直到它们电话核对新指纹并为本单位更换密钥。

确实要生成新密钥吗？</source>
        <translation>Make a new key only when the old PC died with the key.
Afterwards other offices refuse this office&apos;s packages until they confirm the new fingerprint by phone and replace this office&apos;s key.

Make a new key?</translation>
    </message>
    <message>
        <source>已生成新密钥，指纹 {result}。
请把新的数据包或公钥文件交给街道，电话核对这个指纹后由街道更换密钥。</source>
        <translation>Made a new key, fingerprint {result}.
Give the street a new package or the public-key file; after confirming this fingerprint by phone the street replaces the key.</translation>
    </message>
    <message>
        <source>公钥写到</source>
        <translation>Write the public key to</translation>
    </message>
    <message>
        <source>单位公钥 (*.gopub)</source>
        <translation>Office public keys (*.gopub)</translation>
    </message>
    <message>
        <source>本单位公钥已写到 {result}。</source>
        <translation>This office&apos;s public key was written to {result}.</translation>
    </message>
    <message>
        <source>化名密钥已设置（{result}…）。</source>
        <translation>Pseudonymisation key set ({result}…).</translation>
    </message>
    <message>
        <source>已生成化名密钥：
{result}
请当面或电话下发给各村，不要随数据包发送。</source>
        <translation>Pseudonymisation key made:
{result}
Hand it to the villages in person or by phone, never inside a package.</translation>
    </message>
</context>
<context>
    <name>ListView</name>
    <message>
        <source>点“分级与签约”表里的人数，这里列出是哪些人。</source>
        <translation>Click a count in the &quot;Tiers and contracts&quot; table to list the people here.</translation>
    </message>
    <message>
        <source>登记接种一剂</source>
        <translation>Record a dose</translation>
    </message>
    <message>
        <source>选中的居民今天（所选日期）在流动接种点接种了一剂</source>
        <translation>The selected resident received a dose at the mobile vaccination point today (the selected date)</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>{grid}：{tier} {n} 人</source>
        <translation>{grid}: {tier}, {n} people</translation>
    </message>
    <message>
        <source>65岁以上</source>
        <translation>Over 65</translation>
    </message>
    <message>
        <source>流动接种名单（{on}）：行动不便、未全程接种的65岁以上居民 {n} 人</source>
        <translation>Mobile vaccination list ({on}): {n} residents over 65 with limited mobility and incomplete vaccination</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>分级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>慢病</source>
        <translation>Chronic disease</translation>
    </message>
    <message>
        <source>疫苗</source>
        <translation>Vaccines</translation>
    </message>
    <message>
        <source>行动不便</source>
        <translation>Limited mobility</translation>
    </message>
    <message>
        <source>人工分级原因</source>
        <translation>Manual tier reason</translation>
    </message>
    <message>
        <source>到期日期</source>
        <translation>Expiry date</translation>
    </message>
    <message>
        <source>家庭医生</source>
        <translation>Family doctor</translation>
    </message>
    <message>
        <source>签约日期</source>
        <translation>Contract date</translation>
    </message>
    <message>
        <source>{grid}：{days} 天内到期的家庭医生签约 {n} 人（请续签）</source>
        <translation>{grid}: {n} family-doctor contracts expiring within {days} days (please renew)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>网格办公</source>
        <translation>GridOffice</translation>
    </message>
    <message>
        <source>正在打开数据库…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>日常工作</source>
        <translation>Daily work</translation>
    </message>
    <message>
        <source>概览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>住户</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>人员名单</source>
        <translation>People lists</translation>
    </message>
    <message>
        <source>物资发放</source>
        <translation>Handouts</translation>
    </message>
    <message>
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>健康服务</source>
        <translation>Health services</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Matters</translation>
    </message>
    <message>
        <source>药品互助</source>
        <translation>Medicine box</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grids</translation>
    </message>
    <message>
        <source>网格与服务团队</source>
        <translation>Grids and service teams</translation>
    </message>
    <message>
        <source>服务团队</source>
        <translation>Service team</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid workers</translation>
    </message>
    <message>
        <source>住户划分</source>
        <translation>Household assignment</translation>
    </message>
    <message>
        <source>网格员花名册</source>
        <translation>Grid worker roster</translation>
    </message>
    <message>
        <source>花名册</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>公示牌与打印</source>
        <translation>Posters and printing</translation>
    </message>
    <message>
        <source>公示打印</source>
        <translation>Public notice printing</translation>
    </message>
    <message>
        <source>管理</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>回收站</source>
        <translation>Recycle bin</translation>
    </message>
    <message>
        <source>操作日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>数据安全</source>
        <translation>Data safety</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>打开数据库…</source>
        <translation>Open database…</translation>
    </message>
    <message>
        <source>导入花名册…</source>
        <translation>Import roster…</translation>
    </message>
    <message>
        <source>导出台账…</source>
        <translation>Export ledger…</translation>
    </message>
    <message>
        <source>按上级表格填报…</source>
        <translation>Fill a form from above…</translation>
    </message>
    <message>
        <source>工作简报…</source>
        <translation>Briefing…</translation>
    </message>
    <message>
        <source>数据交换…</source>
        <translation>Data exchange…</translation>
    </message>
    <message>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>使用说明</source>
        <translation>User guide</translation>
    </message>
    <message>
        <source>关于网格办公</source>
        <translation>About GridOffice</translation>
    </message>
    <message>
        <source>打开数据库</source>
        <translation>Open database</translation>
    </message>
    <message>
        <source>网格办公数据库 (*.db *.sqlite);;所有文件 (*)</source>
        <translation>GridOffice databases (*.db *.sqlite);;All files (*)</translation>
    </message>
    <message>
        <source>打不开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>数据库：{name}</source>
        <translation>Database: {name}</translation>
    </message>
    <message>
        <source>操作员：{name}</source>
        <translation>Operator: {name}</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>第二步：核对列的对应</source>
        <translation>Step 2: Check the column mapping</translation>
    </message>
    <message>
        <source>表格中的列</source>
        <translation>Column in the spreadsheet</translation>
    </message>
    <message>
        <source>前几行的内容</source>
        <translation>First rows</translation>
    </message>
    <message>
        <source>导入为</source>
        <translation>Import as</translation>
    </message>
    <message>
        <source>工作表“{sheet}”，表头在第 {row} 行。请检查每一列导入为什么；不需要的列选“（不导入）”。</source>
        <translation>Sheet “{sheet}”, header in row {row}. Check what each column is imported as; choose “(do not import)” for columns you do not need.</translation>
    </message>
    <message>
        <source>已自动识别 {n} 列。</source>
        <translation>{n} columns recognised automatically.</translation>
    </message>
    <message>
        <source>没有识别出“姓名”列，请指定。</source>
        <translation>No “name” column recognised; please choose it.</translation>
    </message>
    <message>
        <source>列的对应有重复</source>
        <translation>Duplicate column mapping</translation>
    </message>
    <message>
        <source>这些项目被指定给了不止一列：{names}</source>
        <translation>These fields are given to more than one column: {names}</translation>
    </message>
    <message>
        <source>缺少姓名列</source>
        <translation>No name column</translation>
    </message>
    <message>
        <source>请指定哪一列是“姓名”。</source>
        <translation>Choose which column is the “name”.</translation>
    </message>
    <message>
        <source>核对每一列填什么</source>
        <translation>Check what each column is filled with</translation>
    </message>
    <message>
        <source>按表头自动对应了字段，可逐列改正；“（不填）”的列留空。</source>
        <translation>Fields were matched to the header automatically; correct any column here. Columns set to “(leave empty)” stay empty.</translation>
    </message>
    <message>
        <source>表头</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>填写字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>第{n}行</source>
        <translation>Row {n}</translation>
    </message>
    <message>
        <source>刷新预览</source>
        <translation>Refresh preview</translation>
    </message>
    <message>
        <source>（不填）</source>
        <translation>(leave empty)</translation>
    </message>
    <message>
        <source>不填的列：{names}</source>
        <translation>Columns left empty: {names}</translation>
    </message>
</context>
<context>
    <name>MatterDialog</name>
    <message>
        <source>登记事项</source>
        <translation>Record matter</translation>
    </message>
    <message>
        <source>修改事项 {id}</source>
        <translation>Change matter {id}</translation>
    </message>
    <message>
        <source>（未指定）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>反映的问题、诉求</source>
        <translation>The problem or request reported</translation>
    </message>
    <message>
        <source>反映时间：</source>
        <translation>Reported at:</translation>
    </message>
    <message>
        <source>反映人：</source>
        <translation>Reported by:</translation>
    </message>
    <message>
        <source>网格：</source>
        <translation>Grid:</translation>
    </message>
    <message>
        <source>地点：</source>
        <translation>Place:</translation>
    </message>
    <message>
        <source>类别：</source>
        <translation>Category:</translation>
    </message>
    <message>
        <source>紧急程度：</source>
        <translation>Urgency:</translation>
    </message>
    <message>
        <source>办理人：</source>
        <translation>Handler:</translation>
    </message>
    <message>
        <source>事项内容：</source>
        <translation>Description:</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>不能保存</source>
        <translation>Cannot save</translation>
    </message>
</context>
<context>
    <name>MatterListModel</name>
    <message>
        <source>办理结果：</source>
        <translation>Outcome:</translation>
    </message>
    <message>
        <source>转办至：</source>
        <translation>Transferred to:</translation>
    </message>
    <message>
        <source>（已{n}天）</source>
        <translation> ({n} days)</translation>
    </message>
</context>
<context>
    <name>MattersPane</name>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>搜索内容、地点、反映人</source>
        <translation>Search description, place, reporter</translation>
    </message>
    <message>
        <source>只看超期</source>
        <translation>Only overdue</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>办理人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <source>点击清除这个月份条件</source>
        <translation>Click to clear this month filter</translation>
    </message>
    <message>
        <source>登记事项…</source>
        <translation>Record matter…</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>开始办理</source>
        <translation>Start handling</translation>
    </message>
    <message>
        <source>办结…</source>
        <translation>Close…</translation>
    </message>
    <message>
        <source>转办…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>用时统计…</source>
        <translation>Time statistics…</translation>
    </message>
    <message>
        <source>事项类别…</source>
        <translation>Matter categories…</translation>
    </message>
    <message>
        <source>{y}年{m}月办结</source>
        <translation>Closed in {m}/{y}</translation>
    </message>
    <message>
        <source>{y}年{m}月新增</source>
        <translation>New in {m}/{y}</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>列出 {n} 件&#x3000;|&#x3000;待处理 {p}&#x3000;处理中 {i}&#x3000;已办结 {c}&#x3000;转办 {t}&#x3000;|&#x3000;超过 {days} 天未办结：{old} 件（红底）</source>
        <translation>{n} listed  |  pending {p}  in progress {i}  closed {c}  transferred {t}  |  open over {days} days: {old} (red)</translation>
    </message>
</context>
<context>
    <name>MediansDialog</name>
    <message>
        <source>事项办理用时（中位数）</source>
        <translation>Matter handling times (median)</translation>
    </message>
    <message>
        <source>事项数</source>
        <translation>Matters</translation>
    </message>
    <message>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>转办</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>响应用时中位数（小时）</source>
        <translation>Median response time (hours)</translation>
    </message>
    <message>
        <source>办结用时中位数（天）</source>
        <translation>Median closing time (days)</translation>
    </message>
    <message>
        <source>按月</source>
        <translation>By month</translation>
    </message>
    <message>
        <source>按网格</source>
        <translation>By grid</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>正在统计，请稍候…</source>
        <translation>Counting, please wait…</translation>
    </message>
    <message>
        <source>响应用时：登记到开始办理（或转办、办结）；办结用时：登记到办结，只计已办结的事项。</source>
        <translation>Response time: from recording to handling (or transfer, closing). Closing time: from recording to closing, closed matters only.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>没有统计出来。</source>
        <translation>The figures could not be computed.</translation>
    </message>
</context>
<context>
    <name>MedicinePane</name>
    <message>
        <source>只看临期和已过期</source>
        <translation>Only expiring soon and expired</translation>
    </message>
    <message>
        <source> 天内到期为临期</source>
        <translation> days left counts as expiring soon</translation>
    </message>
    <message>
        <source>入库…</source>
        <translation>Stock in…</translation>
    </message>
    <message>
        <source>追加入库…</source>
        <translation>Add stock…</translation>
    </message>
    <message>
        <source>发放…</source>
        <translation>Hand out…</translation>
    </message>
    <message>
        <source>报废…</source>
        <translation>Write off…</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>药品名称</source>
        <translation>Medicine name</translation>
    </message>
    <message>
        <source>规格</source>
        <translation>Specification</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>批号</source>
        <translation>Batch no.</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Expires on</translation>
    </message>
    <message>
        <source>库存</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>入库</source>
        <translation>Stock-in</translation>
    </message>
    <message>
        <source>发放</source>
        <translation>Hand-out</translation>
    </message>
    <message>
        <source>报废</source>
        <translation>Write-off</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>药品箱是空的：点“入库…”登记居民或单位捐来的药品。</source>
        <translation>The medicine box is empty: click &quot;Stock in…&quot; to record medicine donated by residents or organisations.</translation>
    </message>
    <message>
        <source>只看左侧所选网格的居民</source>
        <translation>Only residents of the grid selected on the left</translation>
    </message>
    <message>
        <source>删除这条记录</source>
        <translation>Delete this record</translation>
    </message>
    <message>
        <source>出入库记录：</source>
        <translation>Stock movements:</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>药品</source>
        <translation>Medicine</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>捐赠人/领取人</source>
        <translation>Donor/recipient</translation>
    </message>
    <message>
        <source>微网格</source>
        <translation>Micro-grid</translation>
    </message>
    <message>
        <source>经手人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>这段时间没有出入库记录。</source>
        <translation>No stock movements in this period.</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>共 {n} 批药品&#x3000;临期（{days} 天内到期，黄底）{soon} 批&#x3000;已过期（灰色，不能发放，请报废）{gone} 批</source>
        <translation>{n} batches in total  Expiring soon (within {days} days, yellow): {soon}  Expired (grey, cannot be handed out, please write off): {gone}</translation>
    </message>
    <message>
        <source>这段时间发放 {times} 人次、{quantity} 件，涉及 {grids} 个微网格</source>
        <translation>In this period: {times} hand-outs, {quantity} items, across {grids} micro-grids</translation>
    </message>
    <message>
        <source>{state}（{n} 天）</source>
        <translation>{state} ({n} days)</translation>
    </message>
    <message>
        <source>已过期的药品不能发放，请报废</source>
        <translation>Expired medicine cannot be handed out; please write it off</translation>
    </message>
    <message>
        <source>删除药品</source>
        <translation>Delete medicine</translation>
    </message>
    <message>
        <source>删除“{item}”这一批及其入库、报废记录？（已有发放记录的不能删除；可以撤销）</source>
        <translation>Delete the batch &quot;{item}&quot; with its stock-in and write-off records? (Batches with hand-out records cannot be deleted; this can be undone)</translation>
    </message>
    <message>
        <source>药品临期提醒改为 {n} 天</source>
        <translation>Medicine expiry warning changed to {n} days</translation>
    </message>
    <message>
        <source>删除记录</source>
        <translation>Delete record</translation>
    </message>
    <message>
        <source>删除这条出入库记录？（可以撤销）</source>
        <translation>Delete this stock movement record? (This can be undone)</translation>
    </message>
</context>
<context>
    <name>MembersModel</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>合并网格</source>
        <translation>Merge grids</translation>
    </message>
    <message>
        <source>勾选要并入“{name}”的{level}（住户、下级网格和岗位随之并入）：</source>
        <translation>Tick the {level} grids to merge into “{name}” (households, sub-grids and posts go with them):</translation>
    </message>
    <message>
        <source>合并后“{name}”共 {n} 户</source>
        <translation>After merging, “{name}” has {n} households</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>开始办理</source>
        <translation>Start handling</translation>
    </message>
    <message>
        <source>办结事项</source>
        <translation>Close matter</translation>
    </message>
    <message>
        <source>转办事项</source>
        <translation>Transfer matter</translation>
    </message>
    <message>
        <source>事项：</source>
        <translation>Matter:</translation>
    </message>
    <message>
        <source>时间：</source>
        <translation>Time:</translation>
    </message>
    <message>
        <source>办理结果：</source>
        <translation>Outcome:</translation>
    </message>
    <message>
        <source>如：街道综治中心、区住建局</source>
        <translation>e.g. street comprehensive governance centre, district housing bureau</translation>
    </message>
    <message>
        <source>转到：</source>
        <translation>Transfer to:</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>不能办理</source>
        <translation>Cannot handle</translation>
    </message>
    <message>
        <source>移动网格</source>
        <translation>Move grid</translation>
    </message>
    <message>
        <source>把“{name}”（连同下级网格和住户）移到：</source>
        <translation>Move “{name}” (with its sub-grids and households) to:</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <source>欢迎使用网格办公</source>
        <translation>Welcome to GridOffice</translation>
    </message>
    <message>
        <source>先填写本单位和操作员。以后可在“设置”中修改。</source>
        <translation>First give your office and operator. You can change them later under “Settings”.</translation>
    </message>
    <message>
        <source>例如：禹庙村村民委员会</source>
        <translation>e.g. 禹庙村村民委员会</translation>
    </message>
    <message>
        <source>可不填，例如 510117104201</source>
        <translation>Optional, e.g. 510117104201</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Office name</translation>
    </message>
    <message>
        <source>行政区划代码</source>
        <translation>Administrative code</translation>
    </message>
    <message>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>12 位统计用区划代码，例如 510117104201</source>
        <translation>12-digit statistical division code, e.g. 510117104201</translation>
    </message>
    <message>
        <source>例如：禹庙村卫生室（印在床头联系卡和电话随访表上）</source>
        <translation>e.g. Yumiao Village Clinic (printed on bedside contact cards and phone follow-up sheets)</translation>
    </message>
    <message>
        <source>例如：028-82712345</source>
        <translation>e.g. 028-82712345</translation>
    </message>
    <message>
        <source>单位名称（填报单位）</source>
        <translation>Office name (reporting office)</translation>
    </message>
    <message>
        <source>村卫生室名称</source>
        <translation>Village clinic name</translation>
    </message>
    <message>
        <source>村卫生室电话</source>
        <translation>Village clinic phone</translation>
    </message>
    <message>
        <source>行政区划代码应为 6、9 或 12 位数字</source>
        <translation>The administrative code has 6, 9 or 12 digits</translation>
    </message>
    <message>
        <source>村卫生室电话不是有效的电话号码（手机 11 位，座机如 028-82712345）</source>
        <translation>The village clinic phone is not a valid phone number (mobile: 11 digits; landline e.g. 028-82712345)</translation>
    </message>
    <message>
        <source>请填写单位名称，它会印在台账的“填报单位”一栏</source>
        <translation>Give the office name; it is printed on ledgers as the reporting office</translation>
    </message>
</context>
<context>
    <name>OverviewPane</name>
    <message>
        <source>按这一天计算年龄和人数</source>
        <translation>Ages and counts are taken on this day</translation>
    </message>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>统计日期：</source>
        <translation>Counted on:</translation>
    </message>
    <message>
        <source>显示图表</source>
        <translation>Show charts</translation>
    </message>
    <message>
        <source>按所选网格和统计日期画出图表（街道全部网格要几秒钟）</source>
        <translation>Draw charts for the selected grid and date (a whole street takes a few seconds)</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Villages (communities)</translation>
    </message>
    <message>
        <source>一般网格</source>
        <translation>General grids</translation>
    </message>
    <message>
        <source>微网格</source>
        <translation>Micro-grids</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid workers</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>在册人口</source>
        <translation>Registered residents</translation>
    </message>
    <message>
        <source>60 岁以上</source>
        <translation>Aged 60+</translation>
    </message>
    <message>
        <source>80 岁以上</source>
        <translation>Aged 80+</translation>
    </message>
    <message>
        <source>隐藏图表</source>
        <translation>Hide charts</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>（未设置单位名称）</source>
        <translation>(no office name set)</translation>
    </message>
    <message>
        <source>截至 {date}</source>
        <translation>As of {date}</translation>
    </message>
    <message>
        <source>图表范围：{scope}（在左侧选择网格；点击网格的柱条查看该网格）</source>
        <translation>Chart scope: {scope} (choose a grid on the left; click a grid&apos;s bar to see that grid)</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
</context>
<context>
    <name>PackingDialog</name>
    <message>
        <source>装包清单 — {title}</source>
        <translation>Packing list — {title}</translation>
    </message>
    <message>
        <source>一般网格</source>
        <translation>General grid</translation>
    </message>
    <message>
        <source>微网格</source>
        <translation>Micro-grid</translation>
    </message>
    <message>
        <source>份数</source>
        <translation>Kits</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>合计 {kits} 份：</source>
        <translation>Total {kits} kits:</translation>
    </message>
    <message>
        <source>物资总数 = 份数 × 每份数量（已移出名单的人不计）</source>
        <translation>Items in total = kits × quantity per kit (people removed from the list not counted)</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>原密码：</source>
        <translation>Old password:</translation>
    </message>
    <message>
        <source>密码：</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>新密码：</source>
        <translation>New password:</translation>
    </message>
    <message>
        <source>再输入一次：</source>
        <translation>Enter it again:</translation>
    </message>
    <message>
        <source>请输入密码。</source>
        <translation>Enter the password.</translation>
    </message>
    <message>
        <source>密码太短：至少要 {n} 个字符。</source>
        <translation>The password is too short: it needs at least {n} characters.</translation>
    </message>
    <message>
        <source>两次输入的密码不一样。</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>打印预览 — {name}</source>
        <translation>Print preview — {name}</translation>
    </message>
    <message>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>整页</source>
        <translation>Whole page</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>打不开 PDF 文件：{path}</source>
        <translation>Cannot open the PDF file: {path}</translation>
    </message>
    <message>
        <source>第 {page} / {pages} 页</source>
        <translation>Page {page} / {pages}</translation>
    </message>
    <message>
        <source>（没有页面）</source>
        <translation>(no pages)</translation>
    </message>
    <message>
        <source>没有打印</source>
        <translation>Not printed</translation>
    </message>
    <message>
        <source>没有可打印的页面，或打印机没有接受任务。</source>
        <translation>There are no pages to print, or the printer did not accept the job.</translation>
    </message>
    <message>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <source>无法保存到 {path}：{reason}</source>
        <translation>Cannot save to {path}: {reason}</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <source>人员信息</source>
        <translation>Person details</translation>
    </message>
    <message>
        <source>新增人员</source>
        <translation>Add person</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basic details</translation>
    </message>
    <message>
        <source>重点人群</source>
        <translation>Key populations</translation>
    </message>
    <message>
        <source>返乡</source>
        <translation>Return home</translation>
    </message>
    <message>
        <source>健康</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>18 位；没有可不填</source>
        <translation>18 characters; may be empty</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>可选 GB/T 4761 名称，也可输入常用说法：子女、媳婿、岳父母或公婆…</source>
        <translation>Choose a GB/T 4761 name or type a common term: 子女, 媳婿, 岳父母, 公婆…</translation>
    </message>
    <message>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <source>民族</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>手机或座机</source>
        <translation>Mobile or landline</translation>
    </message>
    <message>
        <source>政治面貌</source>
        <translation>Political affiliation</translation>
    </message>
    <message>
        <source>户籍地</source>
        <translation>Hukou registration</translation>
    </message>
    <message>
        <source>现住地</source>
        <translation>Current residence</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>未登记身份证号（名单中会标出）</source>
        <translation>No ID number recorded (marked in the lists)</translation>
    </message>
    <message>
        <source>{age} 岁</source>
        <translation>{age} years</translation>
    </message>
    <message>
        <source>将保存为 {phone}</source>
        <translation>Will be saved as {phone}</translation>
    </message>
    <message>
        <source>正在保存人员信息…</source>
        <translation>Saving the person…</translation>
    </message>
    <message>
        <source>身份证号重复</source>
        <translation>Duplicate ID number</translation>
    </message>
    <message>
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <source>保存人员信息</source>
        <translation>Save person</translation>
    </message>
</context>
<context>
    <name>PersonPicker</name>
    <message>
        <source>输入姓名、拼音首字母、身份证号或电话查找</source>
        <translation>Type a name, pinyin initials, ID number or phone to search</translation>
    </message>
</context>
<context>
    <name>PopulationListsPane</name>
    <message>
        <source>全部在册人员</source>
        <translation>All registered residents</translation>
    </message>
    <message>
        <source>60 岁以上</source>
        <translation>Aged 60+</translation>
    </message>
    <message>
        <source>80 岁以上</source>
        <translation>Aged 80+</translation>
    </message>
    <message>
        <source>未成年人</source>
        <translation>Minors</translation>
    </message>
    <message>
        <source>返乡人员（在乡）</source>
        <translation>Returnees (in the village)</translation>
    </message>
    <message>
        <source>返乡人员（预计已离开，待确认）</source>
        <translation>Returnees (expected to have left, to confirm)</translation>
    </message>
    <message>
        <source>含迁出、死亡</source>
        <translation>Include moved out and deceased</translation>
    </message>
    <message>
        <source>名单：</source>
        <translation>List:</translation>
    </message>
    <message>
        <source>日期：</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>点击清除这个年龄段条件</source>
        <translation>Click to clear this age-range filter</translation>
    </message>
    <message>
        <source>确认已离开</source>
        <translation>Confirm departure</translation>
    </message>
    <message>
        <source>把所选人员的离开日期登记为预计离开日期（可撤销）</source>
        <translation>Record the expected departure as the departure of the selected persons (undoable)</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>微网格</source>
        <translation>Micro-grid</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>重点人群</source>
        <translation>Key populations</translation>
    </message>
    <message>
        <source>人数</source>
        <translation>People</translation>
    </message>
    <message>
        <source>{a}–{b} 岁</source>
        <translation>{a}–{b} years</translation>
    </message>
    <message>
        <source>{a} 岁以上</source>
        <translation>{a} years and over</translation>
    </message>
    <message>
        <source>预计已离开</source>
        <translation>Expected to have left</translation>
    </message>
    <message>
        <source>正在读取名单…</source>
        <translation>Reading the list…</translation>
    </message>
    <message>
        <source>共 {n} 人，{g} 个微网格</source>
        <translation>{n} people, {g} micro-grids</translation>
    </message>
    <message>
        <source>名单没有读出来。</source>
        <translation>The list could not be read.</translation>
    </message>
</context>
<context>
    <name>PostDialog</name>
    <message>
        <source>任命岗位</source>
        <translation>Appoint to post</translation>
    </message>
    <message>
        <source>新增网格员…</source>
        <translation>New grid worker…</translation>
    </message>
    <message>
        <source>加入该微网格的服务团队</source>
        <translation>Join this micro-grid&apos;s service team</translation>
    </message>
    <message>
        <source>不填则用本人电话</source>
        <translation>If empty, the person&apos;s own phone</translation>
    </message>
    <message>
        <source>网格员：</source>
        <translation>Grid worker:</translation>
    </message>
    <message>
        <source>网格：</source>
        <translation>Grid:</translation>
    </message>
    <message>
        <source>岗位：</source>
        <translation>Post:</translation>
    </message>
    <message>
        <source>工作电话：</source>
        <translation>Work phone:</translation>
    </message>
</context>
<context>
    <name>PosterTextsDialog</name>
    <message>
        <source>公示牌文字</source>
        <translation>Poster texts</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>服务清单标题</source>
        <translation>Services heading</translation>
    </message>
    <message>
        <source>服务清单（每行一项）</source>
        <translation>Services (one per line)</translation>
    </message>
    <message>
        <source>转诊路径标题</source>
        <translation>Referral heading</translation>
    </message>
    <message>
        <source>转诊路径（每行一级）</source>
        <translation>Referral path (one level per line)</translation>
    </message>
    <message>
        <source>监督电话说明</source>
        <translation>Hotline label</translation>
    </message>
    <message>
        <source>监督电话</source>
        <translation>Supervision hotline</translation>
    </message>
    <message>
        <source>二维码网址（留空：拨打微网格长电话）</source>
        <translation>QR code web address (empty: call the micro-grid leader)</translation>
    </message>
    <message>
        <source>二维码说明</source>
        <translation>QR code caption</translation>
    </message>
    <message>
        <source>这些文字保存在数据库里，所有公示牌共用。</source>
        <translation>These texts are kept in the database and shared by all posters.</translation>
    </message>
</context>
<context>
    <name>PostersPane</name>
    <message>
        <source>A4 纵向</source>
        <translation>A4 portrait</translation>
    </message>
    <message>
        <source>A3 纵向</source>
        <translation>A3 portrait</translation>
    </message>
    <message>
        <source>生成公示牌并预览</source>
        <translation>Make posters and preview</translation>
    </message>
    <message>
        <source>生成网格架构图并预览</source>
        <translation>Make grid chart and preview</translation>
    </message>
    <message>
        <source>全部导出为单独文件…</source>
        <translation>Export all as separate files…</translation>
    </message>
    <message>
        <source>公示牌文字…</source>
        <translation>Poster texts…</translation>
    </message>
    <message>
        <source>预览并打印其他 PDF…</source>
        <translation>Preview and print another PDF…</translation>
    </message>
    <message>
        <source>网格信息公示牌</source>
        <translation>Grid notice board</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>纸张</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>每个微网格一张：总网格长 → 一般网格长 → 微网格长、微网格员，家庭医生、网格指导员、社区民警，服务清单、转诊路径、监督电话和二维码。选上级网格时打印其下全部微网格。</source>
        <translation>One per micro-grid: community grid leader → general grid leader → micro-grid leader and workers, family doctor, grid instructor, community police officer, services, referral path, hotline and QR code. Choosing a higher grid prints all micro-grids under it.</translation>
    </message>
    <message>
        <source>网格架构图（A3 横向）</source>
        <translation>Grid chart (A3 landscape)</translation>
    </message>
    <message>
        <source>所选村（社区）的总网格 → 一般网格 → 微网格，各级网格长及电话。</source>
        <translation>The chosen village&apos;s (community&apos;s) community grid → general grids → micro-grids, with each grid&apos;s leader and phone.</translation>
    </message>
    <message>
        <source>全部微网格</source>
        <translation>All micro-grids</translation>
    </message>
    <message>
        <source>{text}（{done}/{total}）</source>
        <translation>{text} ({done}/{total})</translation>
    </message>
    <message>
        <source>正在生成公示牌…</source>
        <translation>Making posters…</translation>
    </message>
    <message>
        <source>没有生成公示牌</source>
        <translation>No posters made</translation>
    </message>
    <message>
        <source>已取消。</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>已生成 {n} 张公示牌：{path}</source>
        <translation>{n} posters made: {path}</translation>
    </message>
    <message>
        <source>选择保存公示牌的文件夹</source>
        <translation>Choose the folder for the posters</translation>
    </message>
    <message>
        <source>正在导出公示牌…</source>
        <translation>Exporting posters…</translation>
    </message>
    <message>
        <source>导出中断</source>
        <translation>Export interrupted</translation>
    </message>
    <message>
        <source>已导出 {n} 个公示牌文件到 {folder}</source>
        <translation>{n} poster files exported to {folder}</translation>
    </message>
    <message>
        <source>没有生成架构图</source>
        <translation>No grid chart made</translation>
    </message>
    <message>
        <source>已生成网格架构图 {n} 页：{path}</source>
        <translation>Grid chart made, {n} pages: {path}</translation>
    </message>
    <message>
        <source>网格架构图</source>
        <translation>Grid chart</translation>
    </message>
    <message>
        <source>正在生成网格架构图…</source>
        <translation>Making the grid chart…</translation>
    </message>
    <message>
        <source>选择 PDF</source>
        <translation>Choose PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>没有保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>公示牌文字已保存。</source>
        <translation>Poster texts saved.</translation>
    </message>
</context>
<context>
    <name>PreferencesPage</name>
    <message>
        <source>跟随系统</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>屏幕上遮挡身份证号和手机号（有来访群众看屏幕时使用）</source>
        <translation>Mask ID numbers and mobiles on screen (when visitors can see it)</translation>
    </message>
    <message>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>界面语言（重启后生效）</source>
        <translation>Interface language (after a restart)</translation>
    </message>
    <message>
        <source>默认纸张</source>
        <translation>Default paper</translation>
    </message>
    <message>
        <source>请填写操作员姓名，修改记录会记下这个名字</source>
        <translation>Give the operator&apos;s name; change records carry this name</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <source>修改药品</source>
        <translation>Edit medicine</translation>
    </message>
    <message>
        <source>追加入库</source>
        <translation>Add stock</translation>
    </message>
    <message>
        <source>药品入库</source>
        <translation>Stock in medicine</translation>
    </message>
    <message>
        <source>如 布洛芬缓释胶囊</source>
        <translation>e.g. Ibuprofen sustained-release capsules</translation>
    </message>
    <message>
        <source>如 0.3g×20粒</source>
        <translation>e.g. 0.3g×20 capsules</translation>
    </message>
    <message>
        <source>无有效期（体温计等）</source>
        <translation>No expiry date (thermometers etc.)</translation>
    </message>
    <message>
        <source>药品名称</source>
        <translation>Medicine name</translation>
    </message>
    <message>
        <source>规格</source>
        <translation>Specification</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>批号</source>
        <translation>Batch no.</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Expires on</translation>
    </message>
    <message>
        <source>药品备注</source>
        <translation>Medicine remarks</translation>
    </message>
    <message>
        <source>花名册中的居民</source>
        <translation>Resident in the roster</translation>
    </message>
    <message>
        <source>其他（姓名或单位）</source>
        <translation>Other (name or organisation)</translation>
    </message>
    <message>
        <source>如 爱心药店、村卫生室、张大爷</source>
        <translation>e.g. a charity pharmacy, the village clinic, Grandpa Zhang</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>入库日期</source>
        <translation>Stock-in date</translation>
    </message>
    <message>
        <source>捐赠人</source>
        <translation>Donor</translation>
    </message>
    <message>
        <source>经手人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>请查找并选出捐赠的居民</source>
        <translation>Please find and select the donating resident</translation>
    </message>
</context>
<context>
    <name>ReceiveTab</name>
    <message>
        <source>选择数据包…</source>
        <translation>Choose package…</translation>
    </message>
    <message>
        <source>还没有选择数据包（.gopkg）。</source>
        <translation>No package (.gopkg) chosen yet.</translation>
    </message>
    <message>
        <source>导入回执…</source>
        <translation>Import receipt…</translation>
    </message>
    <message>
        <source>表</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>未变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>拒收或暂缓的原因</source>
        <translation>Why rejected or held back</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>强制导入</source>
        <translation>Force import</translation>
    </message>
    <message>
        <source>序号不连续或用换下的旧密钥签发时，确认无误后再强制导入</source>
        <translation>When a package is out of sequence or signed with a replaced key: force it in only once you are sure</translation>
    </message>
    <message>
        <source>更换密钥…</source>
        <translation>Replace key…</translation>
    </message>
    <message>
        <source>对方换了电脑、生成了新密钥时：电话核对新指纹后为它更换登记的密钥</source>
        <translation>When the office changed PC and made a new key: confirm the new fingerprint by phone, then replace its registered key</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>选择数据包</source>
        <translation>Choose package</translation>
    </message>
    <message>
        <source>数据包 (*.gopkg)</source>
        <translation>Packages (*.gopkg)</translation>
    </message>
    <message>
        <source>正在试导入…</source>
        <translation>Dry run in progress…</translation>
    </message>
    <message>
        <source>没有导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <source>{office} 尚未登记。

请电话核对对方的密钥指纹：
{fp}

核对无误后登记这个单位？</source>
        <translation>{office} is not registered yet.

Please check the other side&apos;s key fingerprint by phone:
{fp}

Register this office once it matches?</translation>
    </message>
    <message>
        <source>登记新单位</source>
        <translation>Register new office</translation>
    </message>
    <message>
        <source>{sender} 第 {seq} 号包已导入过，再导入不会有改动。</source>
        <translation>Package no. {seq} of {sender} was already imported; importing it again changes nothing.</translation>
    </message>
    <message>
        <source>试导入（未写入）：{sender} 第 {seq} 号包。核对下表后按“导入”。</source>
        <translation>Dry run (nothing written): package no. {seq} of {sender}. Check the table below, then press “Import”.</translation>
    </message>
    <message>
        <source>正在导入数据包…</source>
        <translation>Importing package…</translation>
    </message>
    <message>
        <source>（可在“编辑 → 撤销”中撤销）</source>
        <translation> (can be undone under “Edit → Undo”)</translation>
    </message>
    <message>
        <source>已导入 {sender} 第 {seq} 号包{undo}。回执已写到 {receipt}，请交给对方导入。</source>
        <translation>Imported package no. {seq} of {sender}{undo}. Receipt written to {receipt}; please give it to the other side to import.</translation>
    </message>
    <message>
        <source>选择回执</source>
        <translation>Choose receipt</translation>
    </message>
    <message>
        <source>回执 (*.gorcpt)</source>
        <translation>Receipts (*.gorcpt)</translation>
    </message>
    <message>
        <source>{receiver} 已确认收到第 {seq} 号数据包，下次只发送此后的变化。</source>
        <translation>{receiver} confirmed receipt of package no. {seq}; next time only later changes are sent.</translation>
    </message>
</context>
<context>
    <name>RecordVisitDialog</name>
    <message>
        <source>登记入户走访</source>
        <translation>Record home visit</translation>
    </message>
    <message>
        <source>名单外的走访人，如 志愿者 张三</source>
        <translation>Visitors not on the list, e.g. 志愿者 张三</translation>
    </message>
    <message>
        <source>户：</source>
        <translation>Household:</translation>
    </message>
    <message>
        <source>被访成员：</source>
        <translation>Members visited:</translation>
    </message>
    <message>
        <source>不勾选任何成员即记为整户走访。</source>
        <translation>With no member ticked, the visit counts for the whole household.</translation>
    </message>
    <message>
        <source>走访日期：</source>
        <translation>Visit date:</translation>
    </message>
    <message>
        <source>走访人：</source>
        <translation>Visitors:</translation>
    </message>
    <message>
        <source>其他走访人：</source>
        <translation>Other visitors:</translation>
    </message>
    <message>
        <source>走访情况</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>：</source>
        <translation>:</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>{n}岁</source>
        <translation>{n} yrs</translation>
    </message>
    <message>
        <source>（重点人员）</source>
        <translation> (key person)</translation>
    </message>
    <message>
        <source>不能保存</source>
        <translation>Cannot save</translation>
    </message>
</context>
<context>
    <name>RecycleBinPane</name>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>删除时间</source>
        <translation>Deleted at</translation>
    </message>
    <message>
        <source>迁出日期</source>
        <translation>Moved out on</translation>
    </message>
    <message>
        <source>迁往</source>
        <translation>Moved to</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>彻底删除…</source>
        <translation>Delete for good…</translation>
    </message>
    <message>
        <source>删除的住户和人员先放在这里，可以恢复；彻底删除需要再次确认，且不能撤销。</source>
        <translation>Deleted households and people wait here and can be restored; deleting for good asks again and cannot be undone.</translation>
    </message>
    <message>
        <source>回收站是空的：删除的住户和人员会放在这里，可以恢复，直到在这里“彻底删除”。</source>
        <translation>The recycle bin is empty: deleted households and people are kept here and can be restored until you “delete for good” here.</translation>
    </message>
    <message>
        <source>住户</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>People</translation>
    </message>
    <message>
        <source>恢复迁出的住户</source>
        <translation>Restore a household moved out</translation>
    </message>
    <message>
        <source>{title} 已于 {on} 迁往 {to}。恢复后该户不再算迁出（迁出日期、迁往清空，可撤销）；成员仍是“迁出”，需要时在住户编辑里逐人“恢复在册”。恢复这一户吗？</source>
        <translation>{title} moved to {to} on {on}. Once restored it no longer counts as moved out (the date and destination are cleared; this can be undone); its members stay “Moved out” — use “Restore as registered” for each in the household editor if needed. Restore this household?</translation>
    </message>
    <message>
        <source>彻底删除</source>
        <translation>Delete for good</translation>
    </message>
    <message>
        <source>彻底删除“{name}”？删除后不能恢复，也不能撤销。</source>
        <translation>Delete “{name}” for good? It cannot be restored or undone.</translation>
    </message>
    <message>
        <source>再次确认</source>
        <translation>Confirm again</translation>
    </message>
    <message>
        <source>确定要彻底删除“{name}”吗？</source>
        <translation>Really delete “{name}” for good?</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>第三步：检查结果</source>
        <translation>Step 3: Check results</translation>
    </message>
    <message>
        <source>还没有写入数据库。请看一下不能导入和需要留意的行，再点“开始导入”。</source>
        <translation>Nothing is written yet. Look at the rows that cannot be imported or need attention, then click “Start import”.</translation>
    </message>
    <message>
        <source>保存未导入的行…</source>
        <translation>Save rows not imported…</translation>
    </message>
    <message>
        <source>这些微网格在数据库里找不到（或有多个同名的）</source>
        <translation>These micro-grids are not in the database (or several have this name)</translation>
    </message>
    <message>
        <source>这些住户暂不分配网格（以后再调整）</source>
        <translation>Leave these households unassigned (adjust later)</translation>
    </message>
    <message>
        <source>新建找不到的微网格，放在一般网格：</source>
        <translation>Create the missing micro-grids under the general grid:</translation>
    </message>
    <message>
        <source>开始导入</source>
        <translation>Start import</translation>
    </message>
    <message>
        <source>读取 {rows} 行（工作表“{sheet}”，表头在第 {header} 行）。
将新增 {added} 人、{households} 户；更新 {updated} 人；已在库且无变化 {same} 人。
不能导入 {rejected} 行，跳过 {skipped} 行，需留意 {warned} 行。</source>
        <translation>{rows} rows read (sheet “{sheet}”, header in row {header}).
{added} people and {households} households will be added; {updated} people updated; {same} already in the database unchanged.
{rejected} rows cannot be imported, {skipped} skipped, {warned} need attention.</translation>
    </message>
    <message>
        <source>表头“{column}”（第 {n} 列）与第 {kept_n} 列“{kept}”是同一项，这一列没有导入；要导入它，请回上一步改列的对应。</source>
        <translation>Header &quot;{column}&quot; (column {n}) is the same field as column {kept_n} &quot;{kept}&quot;; this column is not imported. To import it, change the column mapping in the previous step.</translation>
    </message>
    <message>
        <source>不能导入（{n}）</source>
        <translation>Cannot import ({n})</translation>
    </message>
    <message>
        <source>跳过（{n}）</source>
        <translation>Skipped ({n})</translation>
    </message>
    <message>
        <source>需留意（{n}）</source>
        <translation>Attention ({n})</translation>
    </message>
    <message>
        <source>（库里有 {n} 个同名网格：{codes}，请在第一步选定村或社区）</source>
        <translation>(the database has {n} grids with this name: {codes}; choose the village or community in step 1)</translation>
    </message>
    <message>
        <source>“{name}”{households} 户{extra}</source>
        <translation>“{name}” {households} households{extra}</translation>
    </message>
    <message>
        <source>按花名册的社区、一般网格列新建</source>
        <translation>Build from the roster&apos;s community and general grid columns</translation>
    </message>
    <message>
        <source>新建这些微网格（数据库里还没有一般网格，请先建立网格）</source>
        <translation>Create these micro-grids (the database has no general grid yet; set up grids first)</translation>
    </message>
    <message>
        <source>保存未导入的行</source>
        <translation>Save rows not imported</translation>
    </message>
    <message>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel spreadsheet (*.xlsx)</translation>
    </message>
    <message>
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <source>无法写入 {path}：{error}</source>
        <translation>Cannot write {path}: {error}</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>未导入的行已保存到：
{path}
改正后可以再次导入这个文件。</source>
        <translation>The rows not imported were saved to:
{path}
Correct them and import this file again.</translation>
    </message>
</context>
<context>
    <name>ReturneeTab</name>
    <message>
        <source>返乡日期</source>
        <translation>Return date</translation>
    </message>
    <message>
        <source>从何处</source>
        <translation>From</translation>
    </message>
    <message>
        <source>交通</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>预计离开</source>
        <translation>Expected departure</translation>
    </message>
    <message>
        <source>离开日期</source>
        <translation>Departure date</translation>
    </message>
    <message>
        <source>登记日期</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>现住址</source>
        <translation>Current address</translation>
    </message>
    <message>
        <source>如 广东深圳</source>
        <translation>e.g. 广东深圳</translation>
    </message>
    <message>
        <source>从何处返回</source>
        <translation>Returned from</translation>
    </message>
    <message>
        <source>交通方式</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>在乡住址</source>
        <translation>Address in the village</translation>
    </message>
    <message>
        <source>登记新的返乡</source>
        <translation>Record a new return</translation>
    </message>
    <message>
        <source>保存所选记录（如登记离开）</source>
        <translation>Save the selected record (e.g. a departure)</translation>
    </message>
    <message>
        <source>删除所选记录</source>
        <translation>Delete the selected record</translation>
    </message>
    <message>
        <source>先保存人员，再登记返乡。</source>
        <translation>Save the person first, then record the return.</translation>
    </message>
    <message>
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
</context>
<context>
    <name>RosterPane</name>
    <message>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>在册人数</source>
        <translation>Registered members</translation>
    </message>
    <message>
        <source>微网格</source>
        <translation>Micro-grid</translation>
    </message>
    <message>
        <source>标记</source>
        <translation>Marks</translation>
    </message>
    <message>
        <source>新增住户</source>
        <translation>New household</translation>
    </message>
    <message>
        <source>打开住户</source>
        <translation>Open household</translation>
    </message>
    <message>
        <source>移到其他网格…</source>
        <translation>Move to another grid…</translation>
    </message>
    <message>
        <source>删除住户</source>
        <translation>Delete household</translation>
    </message>
    <message>
        <source>正在读取住户…</source>
        <translation>Reading households…</translation>
    </message>
    <message>
        <source>{scope}：{n} 户</source>
        <translation>{scope}: {n} households</translation>
    </message>
    <message>
        <source>所选网格</source>
        <translation>Selected grid</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>住户没有读出来。</source>
        <translation>The households could not be read.</translation>
    </message>
    <message>
        <source>移到其他网格</source>
        <translation>Move to another grid</translation>
    </message>
    <message>
        <source>移到：</source>
        <translation>Move to:</translation>
    </message>
    <message>
        <source>把这一户及其成员移入回收站？可在回收站恢复。</source>
        <translation>Move this household and its members to the recycle bin? They can be restored from there.</translation>
    </message>
</context>
<context>
    <name>SafetyPane</name>
    <message>
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <source>选择备份文件夹…</source>
        <translation>Choose backup folder…</translation>
    </message>
    <message>
        <source>用默认位置</source>
        <translation>Use the default</translation>
    </message>
    <message>
        <source>备份位置：</source>
        <translation>Backup location:</translation>
    </message>
    <message>
        <source>保留每天的</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>份，每周的</source>
        <translation>daily,</translation>
    </message>
    <message>
        <source>份，每月的</source>
        <translation>weekly,</translation>
    </message>
    <message>
        <source>份</source>
        <translation>monthly</translation>
    </message>
    <message>
        <source>自动备份：</source>
        <translation>Automatic backup:</translation>
    </message>
    <message>
        <source>每天第一次打开程序时自动备份一次；导入、恢复、升级之前也会先备份。</source>
        <translation>A backup is made the first time the program opens each day, and before every import, restore and upgrade.</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>加密备份到U盘…</source>
        <translation>Encrypted backup to USB stick…</translation>
    </message>
    <message>
        <source>用所选备份恢复…</source>
        <translation>Restore the selected backup…</translation>
    </message>
    <message>
        <source>从文件恢复…</source>
        <translation>Restore from file…</translation>
    </message>
    <message>
        <source>这是服务器上的数据库（PostgreSQL）：请由管理员在服务器上用 pg_dump 备份。</source>
        <translation>This database is on a server (PostgreSQL): the administrator backs it up on the server with pg_dump.</translation>
    </message>
    <message>
        <source>这个备份文件夹里还没有备份：点“立即备份”做第一份；以后每天第一次打开程序时会自动备份。</source>
        <translation>This backup folder has no backups yet: click “Back up now” for the first one; after that a backup is made automatically the first time the program opens each day.</translation>
    </message>
    <message>
        <source>程序密码</source>
        <translation>Program password</translation>
    </message>
    <message>
        <source>设了密码，打开这个数据库（图形界面和命令行）都要输入密码。它防的是别人随手打开这台电脑上的程序；数据库文件本身没有加密，拷走文件的人仍能读出内容。要带出办公室的数据，请用“加密备份”。</source>
        <translation>With a password, opening this database (window and command line) asks for it. It keeps others from casually opening the program on this computer; the database file itself is not encrypted, and whoever copies it can still read it. For data leaving the office, use “Encrypted backup”.</translation>
    </message>
    <message>
        <source>设置密码…</source>
        <translation>Set password…</translation>
    </message>
    <message>
        <source>取消密码…</source>
        <translation>Remove password…</translation>
    </message>
    <message>
        <source>显示与操作员</source>
        <translation>Display and operator</translation>
    </message>
    <message>
        <source>隐藏身份证号和电话（屏幕给来访者看时）</source>
        <translation>Hide ID numbers and phones (when visitors see the screen)</translation>
    </message>
    <message>
        <source>操作员：</source>
        <translation>Operator:</translation>
    </message>
    <message>
        <source>换操作员</source>
        <translation>Change operator</translation>
    </message>
    <message>
        <source>操作日志记下的修改人。</source>
        <translation>The name the audit log records for changes.</translation>
    </message>
    <message>
        <source>服务器上的数据库不在这里备份，见上面的说明。</source>
        <translation>Databases on a server are not backed up here; see the note above.</translation>
    </message>
    <message>
        <source>已设置程序密码。</source>
        <translation>A program password is set.</translation>
    </message>
    <message>
        <source>没有设置程序密码。</source>
        <translation>No program password is set.</translation>
    </message>
    <message>
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <source>选择备份文件夹</source>
        <translation>Choose backup folder</translation>
    </message>
    <message>
        <source>备份没有做成。</source>
        <translation>The backup failed.</translation>
    </message>
    <message>
        <source>正在备份数据库，请稍候…</source>
        <translation>Backing up the database, please wait…</translation>
    </message>
    <message>
        <source>已备份</source>
        <translation>Backed up</translation>
    </message>
    <message>
        <source>已备份到：
{path}</source>
        <translation>Backed up to:
{path}</translation>
    </message>
    <message>
        <source>选择U盘或文件夹</source>
        <translation>Choose a USB stick or folder</translation>
    </message>
    <message>
        <source>加密备份</source>
        <translation>Encrypted backup</translation>
    </message>
    <message>
        <source>给这份备份设一个密码（恢复时要用，忘了就打不开）：</source>
        <translation>Give this backup a password (needed to restore; forget it and the backup cannot be opened):</translation>
    </message>
    <message>
        <source>正在加密备份，请稍候…</source>
        <translation>Making a protected backup, please wait…</translation>
    </message>
    <message>
        <source>已加密备份</source>
        <translation>Encrypted backup made</translation>
    </message>
    <message>
        <source>已加密备份到：
{path}</source>
        <translation>Encrypted backup made at:
{path}</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>请先在列表里选一份备份。</source>
        <translation>Choose a backup in the list first.</translation>
    </message>
    <message>
        <source>选择备份文件</source>
        <translation>Choose backup file</translation>
    </message>
    <message>
        <source>网格办公备份 (*.db *.gobak);;所有文件 (*)</source>
        <translation>GridOffice backups (*.db *.gobak);;All files (*)</translation>
    </message>
    <message>
        <source>这份备份加了密码，请输入：</source>
        <translation>This backup has a password; enter it:</translation>
    </message>
    <message>
        <source>这份备份不能恢复。</source>
        <translation>This backup cannot be restored.</translation>
    </message>
    <message>
        <source>正在检查备份，请稍候…</source>
        <translation>Checking the backup, please wait…</translation>
    </message>
    <message>
        <source>不明</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>用 {made} 的备份替换现在的数据吗？

备份里：{office}，{households} 户，{persons} 人。
这之后做的修改会被替换掉；现在的数据会先另存一份，需要时还能找回。</source>
        <translation>Replace the current data with the backup of {made}?

In the backup: {office}, {households} households, {persons} people.
Changes made since will be replaced; the current data is saved first and can be recovered.</translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation>Restored from a backup</translation>
    </message>
    <message>
        <source>没有恢复，现在的数据没有改动。</source>
        <translation>Not restored; the current data is unchanged.</translation>
    </message>
    <message>
        <source>正在从备份恢复，请稍候…</source>
        <translation>Restoring from the backup, please wait…</translation>
    </message>
    <message>
        <source>已恢复</source>
        <translation>Restored</translation>
    </message>
    <message>
        <source>已恢复为 {made} 的备份。
恢复前的数据另存在：
{path}</source>
        <translation>Restored the backup of {made}.
The data from before the restore is saved at:
{path}</translation>
    </message>
    <message>
        <source>打开这个数据库时要输入的密码：</source>
        <translation>Password to enter when opening this database:</translation>
    </message>
    <message>
        <source>取消程序密码</source>
        <translation>Remove the program password</translation>
    </message>
    <message>
        <source>输入现在的密码以取消：</source>
        <translation>Enter the current password to remove it:</translation>
    </message>
    <message>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>请填写操作员姓名。</source>
        <translation>Give the operator&apos;s name.</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>查找人员：姓名、拼音首字母（wxy）、身份证后 4–6 位、电话、地址</source>
        <translation>Find people: name, pinyin initials (wxy), last 4–6 digits of the ID number, phone, address</translation>
    </message>
    <message>
        <source>正在建立查找索引，请稍候…</source>
        <translation>Building the search index, please wait…</translation>
    </message>
    <message>
        <source>（只列前 {n} 条，请多输入几个字）</source>
        <translation>(only the first {n}; type a few more characters)</translation>
    </message>
    <message>
        <source>找到 {n} 人</source>
        <translation>{n} people found</translation>
    </message>
    <message>
        <source>没有找到</source>
        <translation>Nothing found</translation>
    </message>
</context>
<context>
    <name>SendTab</name>
    <message>
        <source>统计数（只有各网格的人数、户数，向上报送用）</source>
        <translation>Counts (only people and households per grid, for reporting upward)</translation>
    </message>
    <message>
        <source>化名（居民以化名键代替身份证号）</source>
        <translation>Pseudonymous (residents keyed by pseudonym instead of ID number)</translation>
    </message>
    <message>
        <source>全部（迁户、街道备份用）</source>
        <translation>Full (for household transfers and street backups)</translation>
    </message>
    <message>
        <source>上次回执以来的变化</source>
        <translation>Changes since the last receipt</translation>
    </message>
    <message>
        <source>全部记录</source>
        <translation>All records</translation>
    </message>
    <message>
        <source>同时打印报送封面（PDF，盖章后随包报送）</source>
        <translation>Also print the submission cover sheet (PDF; stamp it and submit it with the package)</translation>
    </message>
    <message>
        <source>{office}-数据包.gopkg</source>
        <translation>{office}-package.gopkg</translation>
    </message>
    <message>
        <source>本单位</source>
        <translation>office</translation>
    </message>
    <message>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>密钥…</source>
        <translation>Keys…</translation>
    </message>
    <message>
        <source>本单位签名密钥（换电脑时导出、导入）和街道下发的化名密钥</source>
        <translation>The office&apos;s signing key (export and import when changing PC) and the street&apos;s pseudonymisation key</translation>
    </message>
    <message>
        <source>数据级别：</source>
        <translation>Data level:</translation>
    </message>
    <message>
        <source>范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>保存到：</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <source>表</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>将发送的行数</source>
        <translation>Rows to send</translation>
    </message>
    <message>
        <source>导出数据包</source>
        <translation>Export package</translation>
    </message>
    <message>
        <source>将发送的内容：</source>
        <translation>What will be sent:</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>数据包保存到</source>
        <translation>Save package to</translation>
    </message>
    <message>
        <source>数据包 (*.gopkg)</source>
        <translation>Packages (*.gopkg)</translation>
    </message>
    <message>
        <source>正在导出数据包…</source>
        <translation>Exporting package…</translation>
    </message>
    <message>
        <source>没有导出数据包</source>
        <translation>Package not exported</translation>
    </message>
    <message>
        <source>已导出第 {seq} 号数据包：{file}，共 {rows} 行；校验值 {sha}…</source>
        <translation>Exported package no. {seq}: {file}, {rows} rows; checksum {sha}…</translation>
    </message>
    <message>
        <source>&#x3000;封面：{pdf}</source>
        <translation>; cover sheet: {pdf}</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>登记五到家服务</source>
        <translation>Record a “five to the home” service</translation>
    </message>
    <message>
        <source>全户</source>
        <translation>Whole household</translation>
    </message>
    <message>
        <source>服务对象</source>
        <translation>Person served</translation>
    </message>
    <message>
        <source>服务类型</source>
        <translation>Service type</translation>
    </message>
    <message>
        <source>服务日期</source>
        <translation>Service date</translation>
    </message>
    <message>
        <source>服务人姓名</source>
        <translation>Served by (name)</translation>
    </message>
    <message>
        <source>服务人</source>
        <translation>Served by</translation>
    </message>
    <message>
        <source>如 量血压、送药</source>
        <translation>E.g. blood pressure check, medicine delivery</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>这一户以往的服务</source>
        <translation>Past services to this household</translation>
    </message>
    <message>
        <source>不能登记</source>
        <translation>Cannot record</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>单位信息</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>操作员与显示</source>
        <translation>Operator and display</translation>
    </message>
</context>
<context>
    <name>SplitDialog</name>
    <message>
        <source>拆分网格</source>
        <translation>Split grid</translation>
    </message>
    <message>
        <source>（二）</source>
        <translation> (2)</translation>
    </message>
    <message>
        <source>按门牌选</source>
        <translation>By door number</translation>
    </message>
    <message>
        <source>门牌号</source>
        <translation>Door numbers</translation>
    </message>
    <message>
        <source>新网格编码：</source>
        <translation>New grid code:</translation>
    </message>
    <message>
        <source>新网格名称：</source>
        <translation>New grid name:</translation>
    </message>
    <message>
        <source>新网格覆盖范围：</source>
        <translation>New grid&apos;s area:</translation>
    </message>
    <message>
        <source>选出分到新网格的微网格：</source>
        <translation>Choose the micro-grids that go to the new grid:</translation>
    </message>
    <message>
        <source>选出分到新网格的住户（可按住 Ctrl / Shift 多选）：</source>
        <translation>Choose the households that go to the new grid (hold Ctrl / Shift to select several):</translation>
    </message>
    <message>
        <source>新网格 {a} 户，“{name}”留下 {b} 户</source>
        <translation>New grid {a} households; “{name}” keeps {b}</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>编辑网格员</source>
        <translation>Edit grid worker</translation>
    </message>
    <message>
        <source>新增网格员</source>
        <translation>New grid worker</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>手机 11 位，或座机 028-12345678</source>
        <translation>Mobile 11 digits, or landline 028-12345678</translation>
    </message>
    <message>
        <source>中共党员</source>
        <translation>CPC member</translation>
    </message>
    <message>
        <source>照片文件（公示牌用），可不填</source>
        <translation>Photo file (for posters), optional</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>姓名：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>性别：</source>
        <translation>Sex:</translation>
    </message>
    <message>
        <source>电话：</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>身份：</source>
        <translation>Background:</translation>
    </message>
    <message>
        <source>照片：</source>
        <translation>Photo:</translation>
    </message>
    <message>
        <source>备注：</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>选择照片</source>
        <translation>Choose photo</translation>
    </message>
    <message>
        <source>图片 (*.jpg *.jpeg *.png *.bmp)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp)</translation>
    </message>
    <message>
        <source>无照片</source>
        <translation>No photo</translation>
    </message>
</context>
<context>
    <name>StaffPane</name>
    <message>
        <source>按姓名、拼音首字母、电话或身份查找</source>
        <translation>Find by name, pinyin initials, phone or background</translation>
    </message>
    <message>
        <source>含离任</source>
        <translation>Include former</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>身份</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party member</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>新增…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>离任 / 复任</source>
        <translation>Leave / return</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>服务团队</source>
        <translation>Service team</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>任命岗位…</source>
        <translation>Appoint to post…</translation>
    </message>
    <message>
        <source>免去</source>
        <translation>Remove from post</translation>
    </message>
    <message>
        <source>转到网格</source>
        <translation>Go to grid</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>离任</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>共 {n} 人</source>
        <translation>{n} people</translation>
    </message>
    <message>
        <source>，{k} 人电话有误</source>
        <translation>, {k} with wrong phones</translation>
    </message>
    <message>
        <source>{name}的岗位（{n} 个）</source>
        <translation>{name}&apos;s posts ({n})</translation>
    </message>
</context>
<context>
    <name>StaffRosterPane</name>
    <message>
        <source>村（社区）：</source>
        <translation>Village (community):</translation>
    </message>
    <message>
        <source>{posts} 个岗位，{people} 人</source>
        <translation>{posts} posts, {people} people</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>怎样开始</source>
        <translation>How to start</translation>
    </message>
    <message>
        <source>选哪一项都可以以后再改：导入花名册、新建网格都在菜单里。</source>
        <translation>Any choice can be changed later: importing a roster and creating grids are in the menus.</translation>
    </message>
    <message>
        <source>从空白开始，自己建网格、录入住户</source>
        <translation>Start empty: set up grids and enter households yourself</translation>
    </message>
    <message>
        <source>导入现有的花名册（Excel）</source>
        <translation>Import an existing roster (Excel)</translation>
    </message>
    <message>
        <source>先看看演示村（虚构数据，不影响正式数据）</source>
        <translation>Look at the demo village first (fictitious data, kept apart from real data)</translation>
    </message>
    <message>
        <source>演示村数据单独保存，随时可从“文件”菜单打开正式数据库。</source>
        <translation>The demo village is stored separately; open your real database any time from the “File” menu.</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>登记{status}</source>
        <translation>Record {status}</translation>
    </message>
    <message>
        <source>{name}：{status}日期</source>
        <translation>{name}: date ({status})</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
</context>
<context>
    <name>StructureBox</name>
    <message>
        <source>覆盖的村民小组、小区、楼栋、单元，如：7组、8组</source>
        <translation>Villagers&apos; groups, compounds, buildings, units covered, e.g. 7组, 8组</translation>
    </message>
    <message>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>编码：</source>
        <translation>Code:</translation>
    </message>
    <message>
        <source>名称：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>覆盖范围：</source>
        <translation>Area covered:</translation>
    </message>
    <message>
        <source>备注：</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>新建下级网格…</source>
        <translation>New sub-grid…</translation>
    </message>
    <message>
        <source>新建村（社区）…</source>
        <translation>New village (community)…</translation>
    </message>
    <message>
        <source>移动到…</source>
        <translation>Move to…</translation>
    </message>
    <message>
        <source>合并…</source>
        <translation>Merge…</translation>
    </message>
    <message>
        <source>拆分…</source>
        <translation>Split…</translation>
    </message>
    <message>
        <source>删除空网格</source>
        <translation>Delete empty grid</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>在左边的网格树里选一个网格。</source>
        <translation>Choose a grid in the grid tree on the left.</translation>
    </message>
    <message>
        <source>（最上层）</source>
        <translation>(top level)</translation>
    </message>
    <message>
        <source>上级：{where}&#x3000;&#x3000;户数：{n}&#x3000;&#x3000;下级网格：{k} 个</source>
        <translation>Parent: {where}    Households: {n}    Sub-grids: {k}</translation>
    </message>
    <message>
        <source>删除网格</source>
        <translation>Delete grid</translation>
    </message>
    <message>
        <source>删除“{name}”？它的岗位一并免去（可撤销）。</source>
        <translation>Delete “{name}”? Its posts are removed as well (can be undone).</translation>
    </message>
</context>
<context>
    <name>TeamBox</name>
    <message>
        <source>岗位与服务团队</source>
        <translation>Posts and service team</translation>
    </message>
    <message>
        <source>联系顺序</source>
        <translation>Contact order</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>服务团队</source>
        <translation>Service team</translation>
    </message>
    <message>
        <source>任命…</source>
        <translation>Appoint…</translation>
    </message>
    <message>
        <source>免去</source>
        <translation>Remove from post</translation>
    </message>
    <message>
        <source>加入 / 退出服务团队</source>
        <translation>Join / leave service team</translation>
    </message>
    <message>
        <source>设为首要联系人</source>
        <translation>Make main contact</translation>
    </message>
    <message>
        <source>查看网格员</source>
        <translation>Show grid worker</translation>
    </message>
    <message>
        <source>选一个网格查看它的岗位和服务团队。</source>
        <translation>Choose a grid to see its posts and service team.</translation>
    </message>
    <message>
        <source>离任</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>居民请拨打：{name}（{role}）{phone}</source>
        <translation>Residents call: {name} ({role}) {phone}</translation>
    </message>
    <message>
        <source>居民请拨打：（还没有留了电话的联系人）</source>
        <translation>Residents call: (no contact with a phone yet)</translation>
    </message>
    <message>
        <source>服务团队 {n} 人（应为 {lo}–{hi} 人）</source>
        <translation>Service team: {n} people (should be {lo}–{hi})</translation>
    </message>
    <message>
        <source>{name}的岗位</source>
        <translation>{name}&apos;s posts</translation>
    </message>
    <message>
        <source>无法完成</source>
        <translation>Cannot complete</translation>
    </message>
    <message>
        <source>请从列表里选一位网格员，新人请点“新增网格员…”。</source>
        <translation>Choose a grid worker from the list; for someone new click “New grid worker…”.</translation>
    </message>
</context>
<context>
    <name>ViewMenu</name>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>网格树</source>
        <translation>Grid tree</translation>
    </message>
    <message>
        <source>恢复默认布局</source>
        <translation>Restore default layout</translation>
    </message>
</context>
<context>
    <name>VisitRulesDialog</name>
    <message>
        <source>走访规则</source>
        <translation>Visit rules</translation>
    </message>
    <message>
        <source>重点人群 \ 风险等级</source>
        <translation>Key population \ risk level</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source>不定期</source>
        <translation>As needed</translation>
    </message>
    <message>
        <source>一人同属几类时按最短间隔走访。默认：风险高每 7 天，中每 14 天，低或未评定每 30 天；80 岁以上和独居老人每 7 天；65 岁以上按健康分级：红、黄每 7 天，绿每 30 天。粗体为本单位改过的。</source>
        <translation>A person in several categories is visited at the shortest interval. Defaults: high risk every 7 days, medium every 14, low or unrated every 30; over 80 and elderly living alone every 7 days; over 65 by health tier: red and yellow every 7 days, green every 30. Bold marks values this office has changed.</translation>
    </message>
    <message>
        <source>健康分级评分规则…</source>
        <translation>Health tier scoring rules…</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>修改走访规则</source>
        <translation>Change visit rules</translation>
    </message>
    <message>
        <source>不能保存</source>
        <translation>Cannot save</translation>
    </message>
</context>
<context>
    <name>VisitsPane</name>
    <message>
        <source> 周</source>
        <translation> weeks</translation>
    </message>
    <message>
        <source>登记走访…</source>
        <translation>Record visit…</translation>
    </message>
    <message>
        <source>走访规则…</source>
        <translation>Visit rules…</translation>
    </message>
    <message>
        <source>周次（含此日）：</source>
        <translation>Week (containing):</translation>
    </message>
    <message>
        <source>显示：</source>
        <translation>Show:</translation>
    </message>
    <message>
        <source>微网格</source>
        <translation>Micro-grid</translation>
    </message>
    <message>
        <source>重点人员</source>
        <translation>Key people</translation>
    </message>
    <message>
        <source>本周已访</source>
        <translation>Visited this week</translation>
    </message>
    <message>
        <source>本周应访</source>
        <translation>Due this week</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>走访人次</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>登记五到家服务…</source>
        <translation>Record a “five to the home” service…</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:{v}&apos;&gt;&amp;nbsp;已访 ✓&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:{d}&apos;&gt;&amp;nbsp;应访&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:{o}&apos;&gt;&amp;nbsp;逾期&amp;nbsp;&lt;/span&gt;&#x3000;从未走访且不知何时列入重点人员的，记为逾期。双击一行登记走访。</source>
        <translation>&lt;span style=&apos;background:{v}&apos;&gt;&amp;nbsp;visited ✓&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:{d}&apos;&gt;&amp;nbsp;due&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background:{o}&apos;&gt;&amp;nbsp;overdue&amp;nbsp;&lt;/span&gt;  Never visited with no known start as a key person counts as overdue. Double-click a row to record a visit.</translation>
    </message>
    <message>
        <source>正在计算走访情况…</source>
        <translation>Computing visits…</translation>
    </message>
    <message>
        <source>{monday} 至 {sunday}：重点人员 {n} 人，已访 {v}，应访 {d}，逾期 {o}</source>
        <translation>{monday} to {sunday}: {n} key people, visited {v}, due {d}, overdue {o}</translation>
    </message>
    <message>
        <source>走访情况没有算出来。</source>
        <translation>The visits could not be computed.</translation>
    </message>
</context>
<context>
    <name>WeekGridModel</name>
    <message>
        <source>{monday} 至 {sunday}</source>
        <translation>{monday} to {sunday}</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>重点人群</source>
        <translation>Key populations</translation>
    </message>
    <message>
        <source>间隔</source>
        <translation>Interval</translation>
    </message>
    <message>
        <source>分级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>上次走访</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>距今（天）</source>
        <translation>Days since</translation>
    </message>
    <message>
        <source>本周</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>{m}/{d}周</source>
        <translation>Week of {m}/{d}</translation>
    </message>
    <message>
        <source>每{n}天</source>
        <translation>Every {n} days</translation>
    </message>
    <message>
        <source>从未走访</source>
        <translation>Never visited</translation>
    </message>
    <message>
        <source>未到期</source>
        <translation>Not due</translation>
    </message>
    <message>
        <source>立即</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>户号 {number}；下次应访：{due}</source>
        <translation>Household {number}; next visit due: {due}</translation>
    </message>
</context>
<context>
    <name>WherePage</name>
    <message>
        <source>数据存放位置</source>
        <translation>Where data lives</translation>
    </message>
    <message>
        <source>一般选第一项。街道多台电脑共用一个数据库时选第三项。</source>
        <translation>Usually the first. Choose the third when several computers of a street office share one database.</translation>
    </message>
    <message>
        <source>本机数据文件夹：{path}</source>
        <translation>Data folder on this computer: {path}</translation>
    </message>
    <message>
        <source>指定一个数据库文件（例如 U 盘或共享文件夹）</source>
        <translation>A database file of your choice (e.g. on a USB stick or a shared folder)</translation>
    </message>
    <message>
        <source>街道共用数据库（PostgreSQL 地址）</source>
        <translation>Street office shared database (PostgreSQL address)</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>postgresql+psycopg://用户:密码@服务器:5432/gridoffice</source>
        <translation>postgresql+psycopg://user:password@server:5432/gridoffice</translation>
    </message>
    <message>
        <source>数据库文件</source>
        <translation>Database file</translation>
    </message>
    <message>
        <source>网格办公数据库 (*.db)</source>
        <translation>GridOffice databases (*.db)</translation>
    </message>
</context>
<context>
    <name>WhoPage</name>
    <message>
        <source>填哪些人、哪个网格</source>
        <translation>Whom and which grid to fill</translation>
    </message>
    <message>
        <source>全部在册居民</source>
        <translation>All registered residents</translation>
    </message>
    <message>
        <source>每户一行</source>
        <translation>One row per household</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid workers</translation>
    </message>
    <message>
        <source>返乡人员（在村）</source>
        <translation>Returnees (in the village)</translation>
    </message>
    <message>
        <source>某年龄以上的人</source>
        <translation>People over an age</translation>
    </message>
    <message>
        <source>某次发放活动的名单</source>
        <translation>List of a hand-out campaign</translation>
    </message>
    <message>
        <source>每个微网格一行（统计表）</source>
        <translation>One row per micro-grid (statistics)</translation>
    </message>
    <message>
        <source>每个一般网格一行（统计表）</source>
        <translation>One row per general grid (statistics)</translation>
    </message>
    <message>
        <source>每个社区一行（统计表）</source>
        <translation>One row per community (statistics)</translation>
    </message>
    <message>
        <source>重点人群：{label}</source>
        <translation>Key population: {label}</translation>
    </message>
    <message>
        <source>公示版（身份证号、手机号打码，敏感列不填）</source>
        <translation>Public version (ID numbers and phones masked, sensitive columns left empty)</translation>
    </message>
    <message>
        <source>接在已有数据后面填</source>
        <translation>Fill after the existing data</translation>
    </message>
    <message>
        <source>替换已有的数据行</source>
        <translation>Replace the existing data rows</translation>
    </message>
    <message>
        <source>填一个名字，下次同一张表一步填好（可不填）</source>
        <translation>Give it a name to fill the same form in one step next time (optional)</translation>
    </message>
    <message>
        <source>填写对象：</source>
        <translation>Fill with:</translation>
    </message>
    <message>
        <source>年龄 / 活动编号：</source>
        <translation>Age / campaign no.:</translation>
    </message>
    <message>
        <source>网格：</source>
        <translation>Grid:</translation>
    </message>
    <message>
        <source>表格已有数据时：</source>
        <translation>When the form has data:</translation>
    </message>
    <message>
        <source>保存为方案：</source>
        <translation>Save as scheme:</translation>
    </message>
    <message>
        <source>（全部）</source>
        <translation>(all)</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>网格办公</source>
        <translation>GridOffice</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打不开</source>
        <translation>Cannot open</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <source>网格办公</source>
        <translation>GridOffice</translation>
    </message>
</context>
</TS>
