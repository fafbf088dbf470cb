; NSIS additions to electron-builder's installer: "Open with RNN Studio" for data files on Windows, never as their default app.
;
; electron-builder's own association (fileAssociations) writes the extension's default ProgID,
; which would take .csv and .xlsx from the user's spreadsheet app. Here each data extension only
; lists RNNStudio.DataFile under OpenWithProgids, so the app appears in Explorer's "Open with"
; menu and the default stays the user's (docs/packaging.md). SHELL_CONTEXT is HKCU for this
; per-user installer.

!macro rnnStudioOpenWith EXT
  WriteRegStr SHELL_CONTEXT "Software\Classes\.${EXT}\OpenWithProgids" "RNNStudio.DataFile" ""
!macroend

!macro rnnStudioForgetOpenWith EXT
  DeleteRegValue SHELL_CONTEXT "Software\Classes\.${EXT}\OpenWithProgids" "RNNStudio.DataFile"
!macroend

!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\RNNStudio.DataFile" "" "Data file for RNN Studio"
  WriteRegStr SHELL_CONTEXT "Software\Classes\RNNStudio.DataFile\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\RNNStudio.DataFile\shell\open" "" "Open with RNN Studio"
  WriteRegStr SHELL_CONTEXT "Software\Classes\RNNStudio.DataFile\shell\open\command" "" '"$appExe" "%1"'
  !insertmacro rnnStudioOpenWith "csv"
  !insertmacro rnnStudioOpenWith "tsv"
  !insertmacro rnnStudioOpenWith "jsonl"
  !insertmacro rnnStudioOpenWith "conllu"
  !insertmacro rnnStudioOpenWith "xlsx"
!macroend

!macro customUnInstall
  !insertmacro rnnStudioForgetOpenWith "csv"
  !insertmacro rnnStudioForgetOpenWith "tsv"
  !insertmacro rnnStudioForgetOpenWith "jsonl"
  !insertmacro rnnStudioForgetOpenWith "conllu"
  !insertmacro rnnStudioForgetOpenWith "xlsx"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\RNNStudio.DataFile"
!macroend
