; SLIP Desktop installer for Windows office PCs (Inno Setup 6.3 or later).
;
; Wraps the one-folder build: first build dist\slip-desktop\ on Windows with `make package`
; (or scripts\package.sh's steps by hand), then compile this script:
;
;     iscc /DAppVersion=0.1.0 installer\slip_desktop.iss
;
; AppVersion is the version stamp shown in the installer, in "Apps & features" and in the
; setup file's name; `make version` prints the one in pyproject.toml. Without /DAppVersion the
; version is read back from slip-desktop.exe (the spec stamps it from pyproject.toml).
;
; Per-user install: no administrator rights are needed; the program goes to
; %LOCALAPPDATA%\Programs\SLIP Desktop. The office's data lives elsewhere, in
; %LOCALAPPDATA%\SLIP\SLIP Desktop (database, backups, logs): this script never
; installs, replaces or deletes anything there, so upgrading or uninstalling keeps it.

#define AppName "SLIP Desktop"
#define AppPublisher "South Leicestershire Inclusion Partnership"
#define AppExeName "slip-desktop.exe"
#define BuildDir "..\dist\slip-desktop"

#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + BuildDir + "\" + AppExeName)
#endif
#if AppVersion == ""
  #error Build dist\slip-desktop first, or pass the version: iscc /DAppVersion=X.Y.Z
#endif

[Setup]
; The AppId ties upgrades and the uninstaller to earlier installs: never change it.
AppId={{E2CF2D60-17BE-4CE6-8125-D5FE262B561D}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoCompany={#AppPublisher}
; Per user, without admin rights: {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
UsePreviousAppDir=yes
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 or later.
MinVersion=10.0
; An upgrade while the program is open asks to close it first.
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\resources\icon.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
OutputDir=..\dist\installer
OutputBaseFilename=slip-desktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; On upgrade, clear the previous build's libraries so no stale file is loaded beside the new
; ones. Only the program folder: the user data folder is never listed here.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole one-folder build: the program (windowed; --console for support) and _internal\.
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "Referrals, meetings, rosters and finance of the partnership"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; There is deliberately no [UninstallDelete] section: the uninstaller removes only the files
; it installed, and leaves %LOCALAPPDATA%\SLIP\SLIP Desktop (the database) where it is.
