; Inno Setup script: a per-user install without administrator rights.
; Build on Windows after the PyInstaller build:  iscc /DAppVersion=0.1.0 packaging\installer.iss
; The user's data (%APPDATA%\GridOffice: databases, backups, settings, logs) is kept on
; uninstall unless the user ticks the box to remove it.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{7C0F4C55-2B1E-4A3F-9C1B-5A1E0F7D6A21}
AppName=网格办公 GridOffice
AppVersion={#AppVersion}
AppPublisher=GridOffice
DefaultDirName={localappdata}\Programs\GridOffice
DefaultGroupName=网格办公
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=GridOffice-{#AppVersion}-setup
SetupIconFile=..\resources\icons\gridoffice.ico
UninstallDisplayIcon={app}\gridoffice.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
ArchitecturesAllowed=x64compatible

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\gridoffice\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\网格办公"; Filename: "{app}\gridoffice.exe"
Name: "{userprograms}\网格办公（演示村）"; Filename: "{app}\gridoffice.exe"; Parameters: "--demo"
Name: "{userdesktop}\网格办公"; Filename: "{app}\gridoffice.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\gridoffice.exe"; Description: "{cm:LaunchProgram,网格办公}"; Flags: nowait postinstall skipifsilent

[Code]
var
  RemoveData: Boolean;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
    RemoveData := (not UninstallSilent) and
      (MsgBox('是否同时删除网格办公的数据（数据库、备份、设置）？' + #13#10 +
              '一般请选“否”：数据会保留在 ' + ExpandConstant('{userappdata}\GridOffice') + '。',
              mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES);
  if (CurUninstallStep = usPostUninstall) and RemoveData then
    DelTree(ExpandConstant('{userappdata}\GridOffice'), True, True, True);
end;
