// The page's one dictionary: zh-CN (default) and English. t('key', {n: 3}) fills {n}. Elements with
// data-i18n get their text set. Station terms (kinds, amenities, ...) are the server's: see V and load().
(function () {
  'use strict';
  const zh = {
    title: '驿站', 'tab.rider': '骑手', 'tab.planner': '规划', 'tab.admin': '管理', 'map.label': '地图：点击选择位置',
    'rider.locate': '📍 定位我', 'rider.centre': '用地图中心', 'rider.filters': '筛选',
    'rider.hint': '点击地图或定位，查看最近的驿站、停车点和用餐点。',
    'rider.locating': '正在定位…', 'rider.geoFail': '无法定位：{m}。请点击地图选择位置。',
    'rider.summary': '显示最近 {n} 个，{r} 内共 {total} 个', 'rider.summaryAll': '{r} 内共 {n} 个',
    'rider.none': '{r} 内没有符合条件的站点。试试扩大范围或减少筛选。', 'rider.me': '我的位置',
    'f.kind': '类型', 'f.category': '类别', 'f.radius': '范围', 'f.open': '只看营业中', 'f.amenities': '设施（全部具备）',
    'f.any': '全部', 'f.vehicle': '车型', 'f.discount': '骑手优惠', 'f.closed': '也显示已永久关闭的站点',
    'b.open': '营业中', 'b.closedNow': '当前未营业', 'b.opensAt': '未营业 · {when} 开门', 'd.tomorrow': '明天 {t}',
    'd.weekday': '{d} {t}', 'd.days': '周一,周二,周三,周四,周五,周六,周日', 'b.temp': '暂停开放', 'b.gone': '已永久关闭', 'b.unknown': '时间未知',
    'd.hours': '营业时间', 'd.phone': '电话', 'd.address': '地址', 'd.access': '进入方式', 'd.verified': '核实于',
    'd.operator': '运营方', 'd.capacity': '容量', 'd.discount': '骑手优惠', 'd.navigate': '导航', 'd.close': '关闭',
    'd.stale': '信息可能过时', 'd.byRiders': '骑手确认', 'd.reason': '关闭原因', 'd.riders': '骑手反馈', 'd.confirmed': '7 天内 {n} 人确认还在',
    'd.problems': '待核实问题',
    'r.thanks': '谢谢反馈！', 'r.tooMany': '提交太频繁，请稍后再试',
    'd.amenities': '设施', 'd.vehicles': '车型', 'd.from': '我的位置', 'd.ride': '骑行', 'd.drive': '驾车',
    'p.region': '区域', 'p.radius': '覆盖半径', 'p.run': '计算覆盖', 'p.grid': '热力网格', 'p.gridLegend': '到最近站点：', 'p.working': '计算中…',
    'p.cancel': '取消', 'p.cancelled': '已取消。', 'p.districts': '各区覆盖', 'p.csv': '下载 CSV（各区表）',
    'p.count': '建议站点数', 'p.suggest': '建议选址', 'p.whatif': '假设分析：点击地图添加站点，点击已有站点停用',
    'p.clear': '清除假设', 'p.exportGaps': '导出缺口 GeoJSON', 'p.exportSugg': '导出建议 GeoJSON',
    'p.area': '面积覆盖', 'p.demand': '需求覆盖', 'p.gaps': '缺口 {n} 处（最大 {a} km²）', 'p.stations': '计入站点 {n} 个',
    'p.before': '之前', 'p.after': '之后', 'p.whatifInfo': '新增 {a} 个，停用 {r} 个',
    'p.sugg': '第 {rank} 名：新增需求 {d}（累计 {c}）', 'p.noRegion': '没有区域数据。请先导入区域。',
    'p.col.name': '区', 'p.col.area': '面积', 'p.col.demand': '需求', 'p.col.stations': '站点', 'p.col.gap': '最大缺口 km²',
    'p.pick': '选择区域…', 'p.needRegion': '请先选择一个区域。', 'p.needPlanner': '需要规划员账号：请在“管理”页登录。', 'p.noDemand': '无需求数据',
    'a.token': '访问令牌', 'a.signin': '登录', 'a.signout': '退出', 'a.who': '已登录：{label}（{role}）',
    'a.badToken': '令牌无效或已失效。', 'a.add': '＋ 在地图上添加', 'a.addHint': '点击地图放置新站点。',
    'a.import': '导入 GeoJSON / CSV', 'a.export': '导出 CSV', 'a.hint': '放大地图后可拖动站点移动位置，点击站点编辑。',
    'a.new': '新站点', 'a.edit': '编辑站点 #{id}（版本 {v}）', 'a.save': '保存', 'a.cancel': '取消', 'a.delete': '删除',
    'a.confirmDelete': '确定删除“{name}”吗？', 'a.yesDelete': '确定删除', 'a.created': '已创建站点 #{id}。',
    'a.saved': '已保存站点 #{id}（版本 {v}）。', 'a.deleted': '已删除站点 #{id}。', 'a.moved': '已移动站点 #{id}。',
    'a.conflict': '保存失败：这个站点已被其他人修改（你编辑的是版本 {mine}，现在是版本 {theirs}）。你的修改未保存。',
    'a.reload': '重新加载最新版本', 'a.keep': '继续编辑',
    'a.dupKind': '注意：30 米内已有同类型站点：{names}', 'a.dupName': '注意：附近已有同名站点：{names}',
    'a.importing': '正在导入…', 'a.report': '新增 {i}，更新 {u}，未变 {n}，拒绝 {r}，疑似重复 {w}', 'a.dup': '疑似重复', 'a.row': '行', 'a.field': '字段', 'a.msg': '原因',
    'a.lon': '经度 (WGS 84)', 'a.lat': '纬度 (WGS 84)', 'a.error': '出错：{m}', 'a.forbidden': '此令牌没有编辑权限。',
    // sign-in with an account (signin.js), the station form's field labels (admin.js), the rider's list
    'si.name': '账号', 'si.password': '密码', 'si.or': '或粘贴 API 令牌：', 'si.wrong': '账号或密码不正确。', 'si.limited': '尝试次数过多：{m}',
    'af.name': '名称 *', 'af.kind': '类型 *', 'af.category': '类别', 'af.external_id': '外部编号', 'af.address': '地址',
    'af.district_code': '区划代码', 'af.scene': '场景', 'af.amenities': '设施', 'af.opening_hours': '营业时间 (OSM)',
    'af.access': '进入方式', 'af.capacity': '容量', 'af.vehicle_types': '车型', 'af.rider_discount': '骑手优惠', 'af.status': '状态',
    'af.operator': '运营方', 'af.phone': '电话', 'af.demo': '演示数据', 'af.last_verified_at': '核实时间',
    'rider.more': '显示更多',
    // freshness, riders' reports with input, moderation, stale list, utilisation (issue 9)
    'fr.lastVerified': '最后核实 {d}', 'fr.never': '从未核实',
    'r.problem': '报告问题', 'r.send': '提交', 'r.comment': '补充说明（可选）', 'r.commentOther': '哪里不对？',
    'r.needComment': '请写一句说明哪里不对。',
    'r.movedHint': '站点现在在哪里？在地图上点一下，或用我现在的位置（只作为站点的新位置发送，不保存你的位置）。',
    'r.pickMap': '🗺 在地图上点选', 'r.useHere': '📍 用我现在的位置', 'r.tapMap': '请在地图上点一下站点现在的位置（可拖动调整）。',
    'r.picked': '新位置 {lat}, {lon}（离原位置 {d}）', 'r.needPoint': '请先选一个位置。',
    'r.hours': '实际营业时间', 'r.hoursHint': 'OSM 写法，例如 Mo-Fr 09:00-18:00; Sa 10:00-14:00，或 24/7',
    'r.needHours': '请填写营业时间。', 'r.missingPick': '这里还有哪些设施？', 'r.extraPick': '哪些设施其实没有？',
    'r.noAmenities': '这个站点没有登记任何设施。', 'r.allAmenities': '所有设施都已登记。', 'r.needAmenity': '请至少选一项。',
    'm.title': '骑手举报审核', 'm.district': '区划代码', 'm.refresh': '刷新', 'm.more': '加载更多',
    'm.count': '待处理 {n} 条', 'm.countMore': '已显示 {n} 条，还有更多', 'm.empty': '没有待处理的举报。',
    'm.badDistrict': '区划代码是 6 位数字，例如 310104。', 'm.station': '站点 #{id} · 版本 {v}', 'm.deleted': '站点已删除',
    'm.field': '字段', 'm.now': '现在', 'm.proposed': '采纳后', 'm.f.status': '状态', 'm.f.geometry': '位置',
    'm.f.opening_hours': '营业时间', 'm.f.amenities': '设施', 'm.away': '移动 {d}',
    'm.noChange': '采纳只会把站点标为刚核实，不改其他内容。',
    'm.publicReason': '公开原因（可选，显示给骑手）', 'm.publicReasonHint': '例如：装修暂停，预计下月恢复',
    'm.accept': '采纳', 'm.reject': '拒绝', 'm.reason': '拒绝原因（必填）', 'm.rejectYes': '确认拒绝', 'm.needReason': '请写明拒绝原因。',
    'm.show': '在地图上查看', 'm.edit': '编辑站点',
    'm.accepted': '已采纳举报 #{id}：站点 #{station} 现在是版本 {v}（同时关闭 {n} 条举报）。', 'm.rejected': '已拒绝举报 #{id}，站点 #{station} 未改动。',
    'm.flag.repeated_text': '重复文字', 'm.flag.station_burst': '短时集中', 'm.flag.short_text': '说明过短',
    's.title': '信息可能过时的站点', 's.load': '显示', 's.csv': '下载 CSV', 's.count': '过时站点',
    's.summary': '共 {n} 个站点超过 {days} 天未核实', 's.summaryMore': '显示前 {n} 个超过 {days} 天未核实的站点（CSV 含全部）',
    's.noDistrict': '（无区划）',
    'u.title': '站点利用率', 'u.period': '时段', 'u.d7': '最近 7 天', 'u.d30': '最近 30 天', 'u.d90': '最近 90 天',
    'u.run': '计算利用率', 'u.layer': '地图图层', 'u.csv': '下载 CSV（利用率）',
    'u.hint': '按所选区域和覆盖半径：每个站点的到访次数、半径内需求，以及每千需求到访数与区域中位数相比。',
    'u.label.under_used': '利用不足', 'u.label.normal': '正常', 'u.label.crowded': '拥挤', 'u.label.none': '无需求数据',
    'u.sized': '圆越大到访越多', 'u.summary': '{n} 个站点 · 半径 {r} · 每千需求到访中位数 {m}',
    'u.tip': '到访 {v} · 需求 {d} · 每千需求 {x}',
    'u.col.name': '站点', 'u.col.label': '判断', 'u.col.visits': '到访', 'u.col.demand': '需求', 'u.col.rate': '每千需求到访',
  };
  const en = {
    title: 'Yizhan', 'tab.rider': 'Rider', 'tab.planner': 'Planner', 'tab.admin': 'Admin', 'map.label': 'Map: click to pick a place',
    'rider.locate': '📍 Locate me', 'rider.centre': 'Use map centre', 'rider.filters': 'Filters',
    'rider.hint': 'Tap the map or locate yourself to see the nearest rest stations, parking and meal points.',
    'rider.locating': 'Locating…', 'rider.geoFail': 'Could not locate you: {m}. Tap the map instead.',
    'rider.summary': '{n} of {total} within {r}', 'rider.summaryAll': '{n} within {r}',
    'rider.none': 'Nothing matches within {r}. Widen the range or relax the filters.', 'rider.me': 'You are here',
    'f.kind': 'Kind', 'f.category': 'Category', 'f.radius': 'Range', 'f.open': 'Open now only', 'f.amenities': 'Amenities (all of)',
    'f.any': 'Any', 'f.vehicle': 'Vehicle', 'f.discount': 'Rider discount', 'f.closed': 'Also show stations closed for good',
    'b.open': 'Open now', 'b.closedNow': 'Closed now', 'b.opensAt': 'Closed · opens {when}', 'd.tomorrow': 'tomorrow {t}',
    'd.weekday': '{d} {t}', 'd.days': 'Mon,Tue,Wed,Thu,Fri,Sat,Sun', 'b.temp': 'Temporarily closed', 'b.gone': 'Closed for good', 'b.unknown': 'Hours unknown',
    'd.hours': 'Hours', 'd.phone': 'Phone', 'd.address': 'Address', 'd.access': 'Access', 'd.verified': 'Verified',
    'd.operator': 'Operator', 'd.capacity': 'Capacity', 'd.discount': 'Rider discount', 'd.navigate': 'Navigate', 'd.close': 'Close',
    'd.stale': 'may be out of date', 'd.byRiders': 'by riders', 'd.reason': 'Why closed', 'd.riders': 'Riders', 'd.confirmed': '{n} confirmed it in 7 days',
    'd.problems': 'Open reports',
    'r.thanks': 'Thanks!', 'r.tooMany': 'Too many reports; try again later',
    'd.amenities': 'Amenities', 'd.vehicles': 'Vehicles', 'd.from': 'My position', 'd.ride': 'riding', 'd.drive': 'driving',
    'p.region': 'Region', 'p.radius': 'Radius', 'p.run': 'Compute coverage', 'p.grid': 'Heat-map grid', 'p.gridLegend': 'Distance to the nearest station:', 'p.working': 'Computing…',
    'p.cancel': 'Cancel', 'p.cancelled': 'Cancelled.', 'p.districts': 'Districts', 'p.csv': 'Download CSV (district table)',
    'p.count': 'Sites to suggest', 'p.suggest': 'Suggest sites', 'p.whatif': 'What-if: tap the map to add a station, tap a station to switch it off',
    'p.clear': 'Clear what-if', 'p.exportGaps': 'Export gaps GeoJSON', 'p.exportSugg': 'Export suggestions GeoJSON',
    'p.area': 'Area covered', 'p.demand': 'Demand covered', 'p.gaps': '{n} gaps (largest {a} km²)', 'p.stations': '{n} stations counted',
    'p.before': 'Before', 'p.after': 'After', 'p.whatifInfo': '{a} added, {r} switched off',
    'p.sugg': '#{rank}: adds demand {d} (cumulative {c})', 'p.noRegion': 'No regions yet. Import regions first.',
    'p.col.name': 'District', 'p.col.area': 'Area', 'p.col.demand': 'Demand', 'p.col.stations': 'Stations', 'p.col.gap': 'Largest gap km²',
    'p.pick': 'Pick a region…', 'p.needRegion': 'Pick a region first.', 'p.needPlanner': 'Needs a planner account: sign in on the Admin tab.', 'p.noDemand': 'no demand data',
    'a.token': 'Access token', 'a.signin': 'Sign in', 'a.signout': 'Sign out', 'a.who': 'Signed in: {label} ({role})',
    'a.badToken': 'The token is not valid.', 'a.add': '+ Add on map', 'a.addHint': 'Tap the map to place the new station.',
    'a.import': 'Import GeoJSON / CSV', 'a.export': 'Export CSV', 'a.hint': 'Zoom in to drag stations to a new place; click a station to edit it.',
    'a.new': 'New station', 'a.edit': 'Edit station #{id} (version {v})', 'a.save': 'Save', 'a.cancel': 'Cancel', 'a.delete': 'Delete',
    'a.confirmDelete': 'Delete “{name}”?', 'a.yesDelete': 'Yes, delete', 'a.created': 'Station #{id} created.',
    'a.saved': 'Station #{id} saved (version {v}).', 'a.deleted': 'Station #{id} deleted.', 'a.moved': 'Station #{id} moved.',
    'a.conflict': 'Not saved: someone else changed this station (you edited version {mine}, it is now version {theirs}). Your changes were not saved.',
    'a.reload': 'Reload the latest version', 'a.keep': 'Keep editing',
    'a.dupKind': 'Careful: a station of the same kind is within 30 m: {names}', 'a.dupName': 'Careful: a station with the same name is nearby: {names}',
    'a.importing': 'Importing…', 'a.report': '{i} inserted, {u} updated, {n} unchanged, {r} rejected, {w} possible duplicates', 'a.dup': 'Possible duplicate', 'a.row': 'Row', 'a.field': 'Field', 'a.msg': 'Reason',
    'a.lon': 'Longitude (WGS 84)', 'a.lat': 'Latitude (WGS 84)', 'a.error': 'Error: {m}', 'a.forbidden': 'This token may not edit.',
    // sign-in with an account (signin.js), the station form's field labels (admin.js), the rider's list
    'si.name': 'Account', 'si.password': 'Password', 'si.or': 'or paste an API token:', 'si.wrong': 'The name or the password is wrong.', 'si.limited': 'Too many attempts: {m}',
    'af.name': 'Name *', 'af.kind': 'Kind *', 'af.category': 'Category', 'af.external_id': 'External id', 'af.address': 'Address',
    'af.district_code': 'District code', 'af.scene': 'Scene', 'af.amenities': 'Amenities', 'af.opening_hours': 'Opening hours (OSM)',
    'af.access': 'Access', 'af.capacity': 'Capacity', 'af.vehicle_types': 'Vehicle types', 'af.rider_discount': 'Rider discount', 'af.status': 'Status',
    'af.operator': 'Operator', 'af.phone': 'Phone', 'af.demo': 'Demo data', 'af.last_verified_at': 'Last verified',
    'rider.more': 'Show more',
    // freshness, riders' reports with input, moderation, stale list, utilisation (issue 9)
    'fr.lastVerified': 'last verified {d}', 'fr.never': 'never verified',
    'r.problem': 'Report a problem', 'r.send': 'Send', 'r.comment': 'Comment (optional)', 'r.commentOther': 'What is wrong?',
    'r.needComment': 'Say in a few words what is wrong.',
    'r.movedHint': 'Where is the station now? Tap the map, or use where you are (sent only as the station\'s new position; yours is not kept).',
    'r.pickMap': '🗺 Pick on the map', 'r.useHere': '📍 Use where I am', 'r.tapMap': 'Tap the map where the station is now (drag to adjust).',
    'r.picked': 'New position {lat}, {lon} ({d} from the old one)', 'r.needPoint': 'Pick a position first.',
    'r.hours': 'Actual opening hours', 'r.hoursHint': 'OSM syntax, e.g. Mo-Fr 09:00-18:00; Sa 10:00-14:00, or 24/7',
    'r.needHours': 'Enter the opening hours.', 'r.missingPick': 'Which amenities are there too?', 'r.extraPick': 'Which amenities are not there?',
    'r.noAmenities': 'This station lists no amenities.', 'r.allAmenities': 'Every amenity is already listed.', 'r.needAmenity': 'Pick at least one.',
    'm.title': 'Riders\' reports to moderate', 'm.district': 'District code', 'm.refresh': 'Refresh', 'm.more': 'Load more',
    'm.count': '{n} open', 'm.countMore': '{n} shown, more to load', 'm.empty': 'No open reports.',
    'm.badDistrict': 'A district code has 6 digits, e.g. 310104.', 'm.station': 'station #{id} · version {v}', 'm.deleted': 'station deleted',
    'm.field': 'Field', 'm.now': 'Now', 'm.proposed': 'If accepted', 'm.f.status': 'Status', 'm.f.geometry': 'Position',
    'm.f.opening_hours': 'Opening hours', 'm.f.amenities': 'Amenities', 'm.away': 'moves {d}',
    'm.noChange': 'Accepting only marks the station as verified now; nothing else changes.',
    'm.publicReason': 'Public reason (optional, shown to riders)', 'm.publicReasonHint': 'e.g. closed for works until next month',
    'm.accept': 'Accept', 'm.reject': 'Reject', 'm.reason': 'Why rejected (required)', 'm.rejectYes': 'Reject it', 'm.needReason': 'Say why the report is rejected.',
    'm.show': 'Show on map', 'm.edit': 'Edit station',
    'm.accepted': 'Report #{id} accepted: station #{station} is now version {v} ({n} reports closed).', 'm.rejected': 'Report #{id} rejected; station #{station} unchanged.',
    'm.flag.repeated_text': 'repeated text', 'm.flag.station_burst': 'burst on station', 'm.flag.short_text': 'very short text',
    's.title': 'Stations that may be out of date', 's.load': 'Show', 's.csv': 'Download CSV', 's.count': 'Stale stations',
    's.summary': '{n} stations not verified for {days} days', 's.summaryMore': 'The first {n} stations not verified for {days} days (the CSV has all)',
    's.noDistrict': '(no district)',
    'u.title': 'Station utilisation', 'u.period': 'Period', 'u.d7': 'Last 7 days', 'u.d30': 'Last 30 days', 'u.d90': 'Last 90 days',
    'u.run': 'Compute utilisation', 'u.layer': 'Map layer', 'u.csv': 'Download CSV (utilisation)',
    'u.hint': 'For the selected region and radius: each station\'s visits, the demand within the radius, and visits per 1,000 demand against the region\'s median.',
    'u.label.under_used': 'Under-used', 'u.label.normal': 'Normal', 'u.label.crowded': 'Crowded', 'u.label.none': 'No demand data',
    'u.sized': 'bigger circle, more visits', 'u.summary': '{n} stations · radius {r} · median visits per 1,000 demand {m}',
    'u.tip': '{v} visits · demand {d} · {x} per 1,000',
    'u.col.name': 'Station', 'u.col.label': 'Label', 'u.col.visits': 'Visits', 'u.col.demand': 'Demand', 'u.col.rate': 'Visits per 1,000',
  };
  // Value labels by group: {id: [zh, en, icon]}. The station vocabulary (kinds, categories, amenities, ...)
  // and its labels are the server's, GET /api/v1/vocabulary (src/main/resources/vocabulary.json), loaded
  // by load() under the page's short group names; only the page's own choices are written here.
  const V = {
    has_discount: { true: ['有骑手优惠', 'With a rider discount'], false: ['无骑手优惠', 'Without a rider discount'] },
  };
  const GROUPS = { kind: 'kinds', category: 'categories', scene: 'scenes', amenities: 'amenities', access: 'access',
    vehicle_types: 'vehicle_types', status: 'statuses', verified_by: 'verifiers', report: 'report_kinds' };
  for (const g of Object.keys(GROUPS)) V[g] = {};
  /** Fetches the vocabulary into V; resolves when it is there (rejects when the server does not answer). */
  async function load() {
    const r = await fetch('/api/v1/vocabulary', { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error('vocabulary: ' + r.status);
    const doc = await r.json();
    for (const [g, name] of Object.entries(GROUPS)) {
      V[g] = Object.fromEntries((doc[name] || []).map((term) => [term.id, [term['zh-CN'], term.en, term.icon]]));
    }
  }
  let lang = localStorage.getItem('yizhan.lang') === 'en' ? 'en' : 'zh';
  const dict = () => (lang === 'en' ? en : zh);
  function t(key, vars) {
    let s = dict()[key] ?? zh[key] ?? key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] ?? m));
    return s;
  }
  function v(group, value) {
    const e = V[group] && V[group][value];
    return e ? e[lang === 'en' ? 1 : 0] : value;
  }
  function icon(group, value) { const e = V[group] && V[group][value]; return (e && e[2]) || ''; }
  function apply(root) {
    (root || document).querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    (root || document).querySelectorAll('[data-i18n-aria]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nAria)));
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = lang === 'en' ? 'Yizhan 驿站' : '驿站 Yizhan';
  }
  function setLang(l) { lang = l; localStorage.setItem('yizhan.lang', l); apply(); }
  /** Metres as "350 m" / "1.2 km" (both languages use SI symbols). */
  function metres(m) {
    if (m < 1000) return Math.round(m) + ' m';
    return (m % 1000 === 0 || m >= 10000 ? Math.round(m / 1000) : (m / 1000).toFixed(1)) + ' km';
  }
  function pct(x) { return x == null ? '—' : (x * 100).toFixed(1) + '%'; }
  window.I18N = { t, v, icon, apply, setLang, lang: () => lang, metres, pct, V, load };
}());
