; The Windows installer of Evidence Station (执法记录证据工作站), built on Linux by
; packaging/build.sh with Debian's makensis:
;   makensis -INPUTCHARSET UTF8 -DVERSION=… -DSTAGE=<folder with the stripped binaries> \
;            -DOUTFILE=…\EvidenceStation-<version>-setup.exe evidence-station.nsi
; STAGE holds station-app.exe, evidence-station.exe, WebView2Loader.dll and icon.ico.
;
; What it promises (and tests/packages.sh checks under Wine, installing with /S):
; - the programs go to "Program Files\EvidenceStation", with Start-menu entries in Chinese;
; - the uninstaller removes exactly the files it installed, and never the evidence library
;   (%ProgramData%\EvidenceStation, or wherever the custodian put it);
; - without the WebView2 runtime the window cannot open: said in plain Chinese, and the
;   installation goes on (the command-line station works without it).

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!ifndef VERSION
  !error "VERSION is not defined (makensis -DVERSION=…)"
!endif
!ifndef STAGE
  !error "STAGE is not defined (makensis -DSTAGE=<folder>)"
!endif
!ifndef OUTFILE
  !define OUTFILE "EvidenceStation-${VERSION}-setup.exe"
!endif

!define PRODUCT "执法记录证据工作站"
!define PRODUCT_EN "Evidence Station"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\EvidenceStation"
; The WebView2 runtime's client id (Microsoft's documented registry check).
!define WEBVIEW2_ID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\EvidenceStation"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT"

!define MUI_ICON "${STAGE}\icon.ico"
!define MUI_UNICON "${STAGE}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\station-app.exe"
!define MUI_FINISHPAGE_RUN_TEXT "打开${PRODUCT}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP|MB_OK "${PRODUCT}需要 64 位的 Windows 10（1809 或更新）或 Windows 11。" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

; Is the WebView2 runtime installed (per machine, or for this user)? Its version in $0, or "".
Function WebView2Version
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Section "${PRODUCT}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\station-app.exe"
  File "${STAGE}\evidence-station.exe"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\icon.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Start menu, for every account on the evidence PC.
  SetShellVarContext all
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\station-app.exe" "" "$INSTDIR\icon.ico"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\station-app.exe" "" "$INSTDIR\icon.ico"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT} (${PRODUCT_EN})"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\icon.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1

  Call WebView2Version
  ${If} $0 == ""
    DetailPrint "未找到 WebView2 运行时 (WebView2 runtime not found)"
    MessageBox MB_ICONEXCLAMATION|MB_OK "这台电脑没有安装 Microsoft Edge WebView2 运行时，${PRODUCT}的窗口无法打开。$\r$\n$\r$\n请向信息部门索取“WebView2 运行时”安装程序（Windows 11 已自带），安装后再打开${PRODUCT}。$\r$\n$\r$\n命令行工具 evidence-station.exe 不需要它，可以照常使用。" /SD IDOK
  ${EndIf}
SectionEnd

; Only what the installer put here, by name: the evidence library is never touched, wherever
; it is, and a folder the custodian added files to is left in place.
Section "Uninstall"
  SetRegView 64
  SetShellVarContext all
  Delete "$INSTDIR\station-app.exe"
  Delete "$INSTDIR\evidence-station.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
