export default {
  app: { title: '执法记录证据工作站', branch: '分局', docked: '接入中', freeSpace: '证据库可用空间', lang: 'English' },
  nav: { dock: '接入', library: '资料库', devices: '设备', settings: '设置' },
  common: {
    save: '保存', cancel: '取消', add: '添加', refresh: '刷新', search: '查询', reset: '重置',
    none: '无', yes: '是', no: '否', loading: '加载中…', saved: '已保存', open: '打开',
  },
  kind: { video: '视频', audio: '音频', photo: '照片', other: '其他' },
  tag: { verified: '已校验', missingLabels: '待标注', important: '重要', unregistered: '未登记' },
  flag: {
    late_storage: '未当日存储', sequence_gap: '文件编号缺失', low_space: '记录仪空间不足',
    clock_drift: '记录仪时钟偏差', unregistered_device: '未登记设备',
  },
  state: { running: '导入中', completed: '完成', failed: '有失败', stopped: '已中止' },
  setup: {
    title: '首次使用设置', intro: '请设置本分局的证据库。证据库保存全部原始音视频，请选择容量大的数据盘。',
    branch: '分局名称', library: '证据库位置', choose: '选择文件夹', roots: '记录仪挂载目录',
    rootsHint: '每行一个目录；接入的记录仪出现在这些目录下', tz: '时区', lang: '界面语言', start: '开始使用',
  },
  dock: {
    live: '正在接入的记录仪', empty: '暂无记录仪接入。请将执法记录仪连接到本机，系统会自动导入并逐个校验。',
    recent: '最近接入记录', device: '设备', officer: '执法人员', squad: '中队', mount: '挂载位置',
    files: '文件', bytes: '数据量', speed: '速度', eta: '剩余时间', verify: '校验',
    started: '接入时间', found: '发现', copied: '入库', skipped: '跳过', failed: '失败',
    free: '记录仪剩余空间', flags: '标记', state: '状态', planning: '正在清点文件…',
    verifying: '逐个回读校验', done: '已完成，全部校验通过', gone: '记录仪已拔出',
  },
  library: {
    filters: '筛选', officer: '警号', squad: '中队', device: '设备', dates: '录制日期',
    kind: '类型', important: '仅重要', missing: '待标注视图', missingHint: '第十八条要求标明中队、执法人员、记录时间、案由及当事人',
    total: '共 {n} 条', selected: '已选 {n} 条', bulkLabel: '批量标注', recorded: '录制时间',
    duration: '时长', case: '案件编号', cause: '案由', party: '当事人', status: '状态',
    labelTitle: '标注 {n} 条记录', labelled: '已标注 {n} 条记录', emptyAll: '资料库还是空的：接入记录仪后，记录会出现在这里。',
    emptyFilter: '没有符合条件的记录。', start: '开始', end: '结束', sortNew: '最新在前', sortOld: '最早在前',
  },
  clip: {
    back: '返回资料库', meta: '基本信息', digests: '校验值', warnings: '提示', labels: '标注',
    history: '操作记录', source: '记录仪上的路径', stored: '库内文件', size: '大小',
    timeSource: '时间来源', ingested: '入库时间', verifiedAt: '校验时间', noPlayer: '此类文件无法在此预览。',
    saveLabels: '保存标注', time: { file_name: '文件名', container: '媒体信息', file_mtime: '文件修改时间' },
  },
  devices: {
    devices: '记录仪', officers: '执法人员', squads: '中队', history: '使用记录', serial: '序列号',
    model: '型号', holder: '使用人', registered: '登记状态', clips: '记录数', lastDock: '最近接入',
    number: '警号', name: '姓名', from: '起', to: '止', assign: '指定使用人', addDevice: '登记记录仪',
    addOfficer: '添加人员', addSquad: '添加中队', freeChart: '各记录仪最近一次接入后的剩余空间 (GB)',
  },
  settings: {
    library: '证据库位置', libraryHint: '更换证据库需重新启动程序', roots: '记录仪挂载目录', patterns: '文件名规则（JSON）',
    tz: '时区', lang: '界面语言', freeRecorder: '入库校验后清空记录仪', freeHint: '仅删除已入库且回读校验一致的文件；默认关闭',
    lowSpace: '记录仪空间不足提醒 (MiB)', drift: '时钟偏差提醒 (秒)', parallel: '同时导入的记录仪数',
  },
}
