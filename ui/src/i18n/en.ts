export default {
  app: { title: 'Evidence Station', branch: 'Branch', docked: 'docked', freeSpace: 'Library free space', lang: '中文' },
  nav: { dock: 'Dock', library: 'Library', devices: 'Devices', settings: 'Settings' },
  common: {
    save: 'Save', cancel: 'Cancel', add: 'Add', refresh: 'Refresh', search: 'Search', reset: 'Reset',
    none: 'none', yes: 'yes', no: 'no', loading: 'Loading…', saved: 'Saved', open: 'Open',
  },
  kind: { video: 'Video', audio: 'Audio', photo: 'Photo', other: 'Other' },
  tag: { verified: 'Verified', missingLabels: 'Missing labels', important: 'Important', unregistered: 'Unregistered' },
  flag: {
    late_storage: 'Late storage', sequence_gap: 'Sequence gap', low_space: 'Low space',
    clock_drift: 'Clock drift', unregistered_device: 'Unregistered device',
  },
  state: { running: 'Ingesting', completed: 'Completed', failed: 'Some failed', stopped: 'Stopped' },
  setup: {
    title: 'First-run setup', intro: "Set up this branch's evidence library. It holds every original recording: choose a large data disk.",
    branch: 'Branch name', library: 'Library location', choose: 'Choose folder', roots: 'Recorder mount folders',
    rootsHint: 'One folder per line; docked recorders appear under them', tz: 'Time zone', lang: 'Language', start: 'Start',
  },
  dock: {
    live: 'Recorders docked now', empty: 'No recorder docked. Connect a body camera: it is ingested and verified file by file automatically.',
    recent: 'Recent dockings', device: 'Device', officer: 'Officer', squad: 'Squad', mount: 'Mount',
    files: 'Files', bytes: 'Data', speed: 'Speed', eta: 'Remaining', verify: 'Verification',
    started: 'Docked', found: 'Found', copied: 'Stored', skipped: 'Skipped', failed: 'Failed',
    free: 'Recorder free space', flags: 'Flags', state: 'State', planning: 'Listing files…',
    verifying: 'Reading back every file', done: 'Done, all verified', gone: 'Recorder pulled out',
  },
  library: {
    filters: 'Filters', officer: 'Officer no.', squad: 'Squad', device: 'Device', dates: 'Recorded',
    kind: 'Kind', important: 'Important only', missing: 'Missing labels', missingHint: 'Art. 18: squad, officer, time, cause and party on every record',
    total: '{n} clips', selected: '{n} selected', bulkLabel: 'Label selected', recorded: 'Recorded',
    duration: 'Duration', case: 'Case no.', cause: 'Cause', party: 'Party', status: 'Status',
    labelTitle: 'Label {n} clips', labelled: '{n} clips labelled', emptyAll: 'The library is empty: dock a recorder and its clips appear here.',
    emptyFilter: 'No clip matches.', start: 'From', end: 'To', sortNew: 'Newest first', sortOld: 'Oldest first',
  },
  clip: {
    back: 'Back to library', meta: 'Details', digests: 'Digests', warnings: 'Warnings', labels: 'Labels',
    history: 'History', source: 'Path on the recorder', stored: 'Stored file', size: 'Size',
    timeSource: 'Time from', ingested: 'Ingested', verifiedAt: 'Verified', noPlayer: 'This file cannot be previewed here.',
    saveLabels: 'Save labels', time: { file_name: 'file name', container: 'container', file_mtime: 'file time' },
  },
  devices: {
    devices: 'Recorders', officers: 'Officers', squads: 'Squads', history: 'Assignments', serial: 'Serial',
    model: 'Model', holder: 'Holder', registered: 'Registration', clips: 'Clips', lastDock: 'Last docking',
    number: 'Officer no.', name: 'Name', from: 'From', to: 'To', assign: 'Assign', addDevice: 'Register recorder',
    addOfficer: 'Add officer', addSquad: 'Add squad', freeChart: 'Free space after the last docking (GB)',
  },
  settings: {
    library: 'Library location', libraryHint: 'A new library takes effect after a restart', roots: 'Recorder mount folders', patterns: 'File-name patterns (JSON)',
    tz: 'Time zone', lang: 'Language', freeRecorder: 'Free recorders after verified ingest', freeHint: 'Removes only files stored and read back intact; off by default',
    lowSpace: 'Low recorder space (MiB)', drift: 'Clock drift (s)', parallel: 'Recorders ingested at once',
  },
}
