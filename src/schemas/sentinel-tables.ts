import { COMMON_SECURITY_LOG_COLUMNS } from './common-security-log-schema.ts';
import type { KustoColumn, KustoType } from './kusto-types.ts';

/**
 * Documented schemas (column names and Kusto types) of the Microsoft Sentinel / Log Analytics /
 * Defender tables that hunting queries use most, after Microsoft's public table reference. Queries
 * over a table the lake lacks still analyse, and read it as empty. Written compactly as
 * "Name:type" lists; `s` string, `l` long, `i` int, `r` real, `t` datetime, `b` bool, `d` dynamic,
 * `g` guid, `ts` timespan.
 */

const TYPES: Record<string, KustoType> = {
  s: 'string',
  l: 'long',
  i: 'int',
  r: 'real',
  t: 'datetime',
  b: 'bool',
  d: 'dynamic',
  g: 'guid',
  ts: 'timespan',
};

function columns(spec: string): readonly KustoColumn[] {
  const list = spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [name, code] = item.split(':');
      const type = TYPES[code ?? ''];
      if (!name || !type) throw new Error(`bad column spec ${item}`);
      return [name, type] as const;
    });
  const names = new Set(list.map(([n]) => n));
  if (names.size !== list.length) throw new Error(`duplicate column in ${spec.slice(0, 40)}…`);
  return list;
}

const LOG_ANALYTICS = 'TenantId:s TimeGenerated:t SourceSystem:s Type:s _ResourceId:s';
const DEFENDER_DEVICE = `Timestamp:t DeviceId:s DeviceName:s ReportId:l TimeGenerated:t TenantId:s SourceSystem:s Type:s`;
const DEFENDER_INITIATOR = `InitiatingProcessAccountDomain:s InitiatingProcessAccountName:s InitiatingProcessAccountSid:s
  InitiatingProcessAccountUpn:s InitiatingProcessAccountObjectId:s InitiatingProcessMD5:s InitiatingProcessSHA1:s
  InitiatingProcessSHA256:s InitiatingProcessFileName:s InitiatingProcessFolderPath:s InitiatingProcessId:l
  InitiatingProcessCommandLine:s InitiatingProcessCreationTime:t InitiatingProcessIntegrityLevel:s
  InitiatingProcessTokenElevation:s InitiatingProcessParentId:l InitiatingProcessParentFileName:s
  InitiatingProcessParentCreationTime:t InitiatingProcessFileSize:l InitiatingProcessVersionInfoCompanyName:s
  InitiatingProcessVersionInfoProductName:s InitiatingProcessVersionInfoOriginalFileName:s
  InitiatingProcessVersionInfoFileDescription:s InitiatingProcessLogonId:l`;
const SIGNIN = `${LOG_ANALYTICS} OperationName:s OperationVersion:s Category:s ResultType:s ResultSignature:s
  ResultDescription:s DurationMs:l CorrelationId:s Resource:s ResourceGroup:s ResourceProvider:s ResourceId:s
  Identity:s Level:s Location:s AlternateSignInName:s AppDisplayName:s AppId:s AuthenticationDetails:s
  AuthenticationMethodsUsed:s AuthenticationProcessingDetails:s AuthenticationRequirement:s
  AuthenticationRequirementPolicies:s ClientAppUsed:s ConditionalAccessPolicies:d ConditionalAccessStatus:s
  CreatedDateTime:t DeviceDetail:d IsInteractive:b Id:s IPAddress:s IsRisky:b LocationDetails:d
  MfaDetail:d NetworkLocationDetails:s OriginalRequestId:s ProcessingTimeInMilliseconds:s RiskDetail:s
  RiskEventTypes:s RiskEventTypes_V2:s RiskLevelAggregated:s RiskLevelDuringSignIn:s RiskState:s
  ResourceDisplayName:s ResourceIdentity:s ServicePrincipalId:s ServicePrincipalName:s Status:d
  TokenIssuerName:s TokenIssuerType:s UserAgent:s UserDisplayName:s UserId:s UserPrincipalName:s
  UserType:s HomeTenantId:s AutonomousSystemNumber:i CrossTenantAccessType:s IncomingTokenType:s
  UniqueTokenIdentifier:s SessionLifetimePolicies:s`;

export const SENTINEL_TABLES: Readonly<Record<string, readonly KustoColumn[]>> = {
  CommonSecurityLog: [
    ...COMMON_SECURITY_LOG_COLUMNS,
    ...columns('TenantId:s Type:s').filter(([n]) => !COMMON_SECURITY_LOG_COLUMNS.some(([c]) => c === n)),
  ],
  Syslog:
    columns(`${LOG_ANALYTICS} Computer:s EventTime:t Facility:s HostName:s SeverityLevel:s SyslogMessage:s
    ProcessID:i HostIP:s ProcessName:s MG:s CollectorHostName:s`),
  SecurityEvent:
    columns(`${LOG_ANALYTICS} Account:s AccountType:s Computer:s EventSourceName:s Channel:s Task:i
    Level:s EventData:s EventID:i Activity:s SourceComputerId:s EventOriginId:s MG:s TimeCollected:t
    ManagementGroupName:s AccessMask:s CommandLine:s IpAddress:s IpPort:s LogonType:i LogonTypeName:s
    LogonProcessName:s AuthenticationPackageName:s WorkstationName:s Process:s ProcessId:s ParentProcessName:s
    NewProcessName:s NewProcessId:s SubjectAccount:s SubjectUserName:s SubjectDomainName:s SubjectUserSid:s
    SubjectLogonId:s TargetAccount:s TargetUserName:s TargetDomainName:s TargetUserSid:s TargetLogonId:s
    MemberName:s MemberSid:s ObjectName:s ObjectType:s ServiceName:s ServiceFileName:s Status:s SubStatus:s
    FailureReason:s PrivilegeList:s ShareName:s TargetSid:s TokenElevationType:s UserPrincipalName:s
    ElevatedToken:s ImpersonationLevel:s KeyLength:i LmPackageName:s ObjectServer:s OperationType:s
    Properties:s RestrictedAdminMode:s SamAccountName:s TargetServerName:s TargetInfo:s TransmittedServices:s
    VirtualAccount:s AccessList:s HandleId:s ProcessName:s ServiceType:s ServiceStartType:i ServiceAccount:s
    ClientProcessId:i ParentProcessId:s FileHash:s FilePath:s Fqbn:s`),
  WindowsEvent: columns(`${LOG_ANALYTICS} Channel:s Computer:s Data:d EventData:d EventID:i EventLevel:i
    EventLevelName:s EventOriginId:s ManagementGroupName:s Provider:s Task:i`),
  Event: columns(`${LOG_ANALYTICS} Source:s EventLog:s Computer:s EventLevel:i EventLevelName:s ParameterXml:s
    EventData:s EventID:i RenderedDescription:s AzureDeploymentID:s Role:s EventCategory:i UserName:s Message:s MG:s
    ManagementGroupName:s`),
  SigninLogs: columns(SIGNIN),
  AADNonInteractiveUserSignInLogs: columns(SIGNIN),
  AuditLogs:
    columns(`${LOG_ANALYTICS} OperationName:s OperationVersion:s Category:s ResultType:s ResultSignature:s
    ResultDescription:s DurationMs:l CorrelationId:s Resource:s ResourceGroup:s ResourceProvider:s Identity:s
    Level:s Location:s AdditionalDetails:d Id:s InitiatedBy:d LoggedByService:s Result:s ResultReason:s
    TargetResources:d AADTenantId:s ActivityDisplayName:s ActivityDateTime:t AADOperationType:s`),
  AzureActivity: columns(`${LOG_ANALYTICS} OperationName:s OperationNameValue:s Level:s ActivityStatus:s
    ActivityStatusValue:s ActivitySubstatus:s ActivitySubstatusValue:s ResourceGroup:s SubscriptionId:s
    CorrelationId:s Caller:s CallerIpAddress:s Category:s CategoryValue:s HTTPRequest:s Properties:s EventSubmissionTimestamp:t
    Authorization:s ResourceId:s OperationId:s ResourceProvider:s ResourceProviderValue:s Resource:s
    Properties_d:d Authorization_d:d Claims:s Claims_d:d Hierarchy:s`),
  AzureDiagnostics: columns(`${LOG_ANALYTICS} ResourceId:s Category:s ResourceGroup:s SubscriptionId:s
    ResourceProvider:s Resource:s ResourceType:s OperationName:s ResultType:s CorrelationId:s ResultDescription:s
    Tenant_g:s DurationMs:l CallerIPAddress:s OperationVersion:s ResultSignature:s id_s:s status_s:s
    clientIP_s:s requestUri_s:s host_s:s action_s:s Message:s msg_s:s ruleName_s:s clientInfo_s:s
    httpStatusCode_d:r identity_claim_upn_s:s identity_claim_oid_g:s userAgent_s:s identity_claim_appid_g:s
    identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g:s`),
  OfficeActivity: columns(`${LOG_ANALYTICS} Application:s UserDomain:s UserAgent:s RecordType:s
    Operation:s OrganizationId:s OrganizationId_:s UserType:s UserKey:s OfficeWorkload:s ResultStatus:s
    ResultReasonType:s OfficeObjectId:s UserId:s UserId_:s ClientIP:s ClientIP_:s Scope:s Site_:s ItemType:s
    EventSource:s Source_Name:s MachineDomainInfo:s MachineId:s Site_Url:s Site_Url_:s SourceRelativeUrl:s
    SourceRelativeUrl_:s SourceFileName:s SourceFileName_:s SourceFileExtension:s DestinationRelativeUrl:s
    DestinationFileName:s DestinationFileExtension:s UserSharedWith:s SharingType:s OfficeId:s Parameters:s
    ExternalAccess:s OriginatingServer:s MailboxGuid:s MailboxOwnerUPN:s MailboxOwnerSid:s Client_IPAddress:s
    ClientInfoString:s Folder:s Item:s LogonUserSid:s LogonType:s Members:d ModifiedObjectResolvedName:s
    TargetUserOrGroupName:s TargetUserOrGroupType:s TeamName:s TeamGuid:s ChannelName:s AffectedItems:s
    OfficeTenantId:s ElevationTime:t SourceRecordId:s ModifiedProperties:s Actor:s ActorIpAddress:s ActorContextId:s
    ExtendedProperties:s Target:s TargetContextId:s DataCenterSecurityEventType:i`),
  DnsEvents:
    columns(`${LOG_ANALYTICS} Computer:s EventId:i SubType:s ClientIP:s Name:s IPAddresses:s QueryType:s
    Result:s ResultCode:i Message:s TaskCategory:s SeverityLevel:s MaliciousIP:s IndicatorThreatType:s
    Description:s RemoteIPCountry:s RemoteIPLatitude:r RemoteIPLongitude:r Confidence:s`),
  ThreatIntelligenceIndicator: columns(`${LOG_ANALYTICS} Action:s ActivityGroupNames:s AdditionalInformation:s
    Active:b ApplicationId:s AzureTenantId:s ConfidenceScore:r Description:s DomainName:s EmailEncoding:s
    EmailLanguage:s EmailRecipient:s EmailSenderAddress:s EmailSenderName:s EmailSourceDomain:s
    EmailSourceIpAddress:s EmailSubject:s EmailXMailer:s ExpirationDateTime:t ExternalIndicatorId:s
    FileCompileDateTime:t FileCreatedDateTime:t FileHashType:s FileHashValue:s FileMutexName:s FileName:s
    FilePacker:s FilePath:s FileSize:i FileType:s IndicatorId:s KillChainActions:b KillChainC2:b
    KillChainDelivery:b KillChainExploitation:b KillChainReconnaissance:b KillChainWeaponization:b
    KnownFalsePositives:s LastUpdatedDateTime:t MalwareNames:s NetworkCidrBlock:s NetworkDestinationAsn:i
    NetworkDestinationCidrBlock:s NetworkDestinationIP:s NetworkDestinationPort:i NetworkIP:s NetworkPort:i
    NetworkProtocol:i NetworkSourceAsn:i NetworkSourceCidrBlock:s NetworkSourceIP:s NetworkSourcePort:i
    PassiveOnly:b ThreatSeverity:i ThreatType:s TrafficLightProtocolLevel:s Url:s UserAgent:s IndicatorProvider:s
    Tags:s`),
  SecurityAlert: columns(`${LOG_ANALYTICS} DisplayName:s AlertName:s AlertSeverity:s Description:s
    ProviderName:s VendorName:s VendorOriginalId:s SystemAlertId:s ResourceId:s SourceComputerId:s AlertType:s
    ConfidenceLevel:s ConfidenceScore:r IsIncident:b StartTime:t EndTime:t ProcessingEndTime:t
    RemediationSteps:s ExtendedProperties:s Entities:s WorkspaceSubscriptionId:s WorkspaceResourceGroup:s
    ExtendedLinks:s ProductName:s ProductComponentName:s AlertLink:s Status:s CompromisedEntity:s Tactics:s
    Techniques:s SubTechniques:s`),
  SecurityIncident: columns(`${LOG_ANALYTICS} IncidentName:s Title:s Description:s Severity:s Status:s
    Classification:s ClassificationComment:s ClassificationReason:s Owner:d ProviderName:s ProviderIncidentId:s
    FirstActivityTime:t LastActivityTime:t FirstModifiedTime:t LastModifiedTime:t CreatedTime:t ClosedTime:t
    IncidentNumber:i RelatedAnalyticRuleIds:d AlertIds:d BookmarkIds:d Comments:d Tasks:d Labels:d
    IncidentUrl:s AdditionalData:d ModifiedBy:s`),
  Heartbeat: columns(`${LOG_ANALYTICS} MG:s ManagementGroupName:s SourceComputerId:s ComputerIP:s Computer:s
    Category:s OSType:s OSName:s OSMajorVersion:s OSMinorVersion:s Version:s SCAgentChannel:s IsGatewayInstalled:b
    RemoteIPLongitude:r RemoteIPLatitude:r RemoteIPCountry:s SubscriptionId:s ResourceGroup:s ResourceProvider:s
    Resource:s ResourceId:s ResourceType:s ComputerEnvironment:s Solutions:s VMUUID:s ComputerPrivateIPs:d`),
  W3CIISLog: columns(`${LOG_ANALYTICS} Computer:s sSiteName:s sComputerName:s sIP:s csMethod:s csUriStem:s
    csUriQuery:s sPort:i csUserName:s cIP:s csUserAgent:s csCookie:s csReferer:s csHost:s scStatus:s
    scSubStatus:s scWin32Status:s scBytes:l csBytes:l TimeTaken:l FileUri:s FileOffset:l ManagementGroupName:s
    RemoteIPCountry:s RemoteIPLatitude:r RemoteIPLongitude:r MaliciousIP:s IndicatorThreatType:s Description:s
    Confidence:s Severity:i AzureDeploymentID:s Role:s RoleInstance:s date:s time:s StorageAccount:s`),
  VMConnection: columns(`${LOG_ANALYTICS} Computer:s Direction:s ProcessName:s SourceIp:s DestinationIp:s
    DestinationPort:i Protocol:s RemoteIp:s RemoteDnsQuestions:s RemoteDnsCanonicalNames:s RemoteClassification:s
    RemoteLongitude:r RemoteLatitude:r RemoteCountry:s BytesSent:l BytesReceived:l LinksEstablished:l
    LinksTerminated:l LinksLive:l LinksFailed:l Responses:l ResponseTimeMax:l ResponseTimeMin:l ResponseTimeSum:l
    MaliciousIp:s IndicatorThreatType:s Description:s TLPLevel:s Confidence:i Severity:i FirstReportedDateTime:s
    LastReportedDateTime:s IsActive:s ReportReferenceLink:s AdditionalInformation:s AgentId:s Machine:s Process:s
    ConnectionId:s`),
  AWSCloudTrail: columns(`${LOG_ANALYTICS} EventVersion:s UserIdentityType:s UserIdentityPrincipalid:s
    UserIdentityArn:s UserIdentityAccountId:s UserIdentityInvokedBy:s UserIdentityAccessKeyId:s
    UserIdentityUserName:s SessionMfaAuthenticated:b SessionCreationDate:t SessionIssuerType:s
    SessionIssuerPrincipalId:s SessionIssuerArn:s SessionIssuerAccountId:s SessionIssuerUserName:s EventSource:s
    EventName:s AWSRegion:s SourceIpAddress:s UserAgent:s ErrorCode:s ErrorMessage:s RequestParameters:s
    ResponseElements:s AdditionalEventData:s RequestId:s AwsEventId:s EventTypeName:s APIVersion:s
    ManagementEvent:b ReadOnly:b Resources:s RecipientAccountId:s ServiceEventDetails:s SharedEventId:s
    VpcEndpointId:s Category:s`),
  BehaviorAnalytics: columns(`${LOG_ANALYTICS} SourceRecordId:s EventSource:s ActivityType:s ActionType:s
    UserName:s UserPrincipalName:s UsersInsights:d DevicesInsights:d ActivityInsights:d SourceDevice:s
    SourceIPAddress:s SourceIPLocation:s DestinationDevice:s DestinationIPAddress:s DestinationIPLocation:s
    InvestigationPriority:i`),
  IdentityInfo: columns(`${LOG_ANALYTICS} AccountObjectId:s AccountName:s AccountDomain:s AccountSID:s
    AccountUPN:s AccountDisplayName:s GivenName:s Surname:s JobTitle:s Department:s Manager:s City:s Country:s
    State:s MailAddress:s Phone:s IsAccountEnabled:b AssignedRoles:d GroupMembership:d Tags:d UserType:s
    RiskLevel:s RiskState:s OnPremisesDistinguishedName:s OnPremisesExtensionAttributes:d`),
  DeviceProcessEvents: columns(`${DEFENDER_DEVICE} ActionType:s FileName:s FolderPath:s SHA1:s SHA256:s MD5:s
    FileSize:l ProcessVersionInfoCompanyName:s ProcessVersionInfoProductName:s ProcessVersionInfoProductVersion:s
    ProcessVersionInfoInternalFileName:s ProcessVersionInfoOriginalFileName:s ProcessVersionInfoFileDescription:s
    ProcessId:l ProcessCommandLine:s ProcessIntegrityLevel:s ProcessTokenElevation:s ProcessCreationTime:t
    AccountDomain:s AccountName:s AccountSid:s AccountUpn:s AccountObjectId:s LogonId:l ${DEFENDER_INITIATOR}
    AdditionalFields:d AppGuardContainerId:s`),
  DeviceNetworkEvents: columns(`${DEFENDER_DEVICE} ActionType:s RemoteIP:s RemotePort:i RemoteUrl:s LocalIP:s
    LocalPort:i Protocol:s LocalIPType:s RemoteIPType:s ${DEFENDER_INITIATOR} AdditionalFields:d
    AppGuardContainerId:s`),
  DeviceFileEvents: columns(`${DEFENDER_DEVICE} ActionType:s FileName:s FolderPath:s SHA1:s SHA256:s MD5:s
    FileOriginUrl:s FileOriginReferrerUrl:s FileOriginIP:s PreviousFolderPath:s PreviousFileName:s FileSize:l
    ${DEFENDER_INITIATOR} RequestProtocol:s RequestSourceIP:s RequestSourcePort:i RequestAccountName:s
    RequestAccountDomain:s RequestAccountSid:s ShareName:s SensitivityLabel:s SensitivitySubLabel:s
    IsAzureInfoProtectionApplied:b AdditionalFields:d AppGuardContainerId:s`),
  DeviceEvents:
    columns(`${DEFENDER_DEVICE} ActionType:s FileName:s FolderPath:s SHA1:s SHA256:s MD5:s FileSize:l
    AccountDomain:s AccountName:s AccountSid:s RemoteUrl:s RemoteDeviceName:s ProcessId:l ProcessCommandLine:s
    ProcessCreationTime:t ProcessTokenElevation:s LogonId:l RegistryKey:s RegistryValueName:s
    RegistryValueData:s RemoteIP:s RemotePort:i LocalIP:s LocalPort:i FileOriginUrl:s FileOriginIP:s
    ${DEFENDER_INITIATOR} AdditionalFields:d AppGuardContainerId:s`),
  DeviceLogonEvents: columns(`${DEFENDER_DEVICE} ActionType:s LogonType:s AccountDomain:s AccountName:s
    AccountSid:s Protocol:s FailureReason:s IsLocalAdmin:b LogonId:l RemoteDeviceName:s RemoteIP:s
    RemoteIPType:s RemotePort:i ${DEFENDER_INITIATOR} AdditionalFields:d AppGuardContainerId:s`),
  DeviceRegistryEvents: columns(`${DEFENDER_DEVICE} ActionType:s RegistryKey:s RegistryValueType:s
    RegistryValueName:s RegistryValueData:s PreviousRegistryKey:s PreviousRegistryValueName:s
    PreviousRegistryValueData:s ${DEFENDER_INITIATOR} AppGuardContainerId:s`),
  DeviceImageLoadEvents:
    columns(`${DEFENDER_DEVICE} ActionType:s FileName:s FolderPath:s SHA1:s SHA256:s MD5:s
    FileSize:l ${DEFENDER_INITIATOR} AppGuardContainerId:s`),
  DeviceInfo: columns(`${DEFENDER_DEVICE} ClientVersion:s PublicIP:s OSArchitecture:s OSPlatform:s OSBuild:l
    IsAzureADJoined:b AadDeviceId:s LoggedOnUsers:d RegistryDeviceTag:s OSVersion:s MachineGroup:s
    OnboardingStatus:s DeviceCategory:s DeviceType:s JoinType:s`),
  DeviceNetworkInfo: columns(`${DEFENDER_DEVICE} NetworkAdapterName:s MacAddress:s NetworkAdapterType:s
    NetworkAdapterStatus:s TunnelType:s ConnectedNetworks:d DnsAddresses:d IPv4Dhcp:s IPv6Dhcp:s
    DefaultGateways:d IPAddresses:d`),
  CloudAppEvents: columns(`Timestamp:t TimeGenerated:t TenantId:s Type:s ActionType:s Application:s
    ApplicationId:i AccountObjectId:s AccountId:s AccountDisplayName:s IsAdminOperation:b DeviceType:s OSPlatform:s
    IPAddress:s IsAnonymousProxy:b CountryCode:s City:s Isp:s UserAgent:s ActivityType:s ActivityObjects:d
    ObjectName:s ObjectType:s ObjectId:s ReportId:s RawEventData:d AdditionalFields:d AccountType:s
    IsExternalUser:b IsImpersonated:b IPTags:d IPCategory:s UserAgentTags:d`),
  EmailEvents: columns(`Timestamp:t TimeGenerated:t TenantId:s Type:s NetworkMessageId:s InternetMessageId:s
    SenderMailFromAddress:s SenderFromAddress:s SenderDisplayName:s SenderObjectId:s SenderMailFromDomain:s
    SenderFromDomain:s SenderIPv4:s SenderIPv6:s RecipientEmailAddress:s RecipientObjectId:s Subject:s
    EmailClusterId:l EmailDirection:s DeliveryAction:s DeliveryLocation:s ThreatTypes:s ThreatNames:s
    DetectionMethods:s ConfidenceLevel:s BulkComplaintLevel:i EmailAction:s EmailActionPolicy:s
    EmailActionPolicyGuid:s AuthenticationDetails:s AttachmentCount:i UrlCount:i EmailLanguage:s ReportId:s
    OrgLevelAction:s OrgLevelPolicy:s UserLevelAction:s UserLevelPolicy:s Connectors:s AdditionalFields:d`),
  AlertInfo: columns(`Timestamp:t TimeGenerated:t TenantId:s Type:s AlertId:s Title:s Category:s Severity:s
    ServiceSource:s DetectionSource:s AttackTechniques:s`),
  AlertEvidence: columns(`Timestamp:t TimeGenerated:t TenantId:s Type:s AlertId:s Title:s Categories:s
    AttackTechniques:s ServiceSource:s DetectionSource:s EntityType:s EvidenceRole:s EvidenceDirection:s
    FileName:s FolderPath:s SHA1:s SHA256:s FileSize:l ThreatFamily:s RemoteIP:s RemoteUrl:s AccountName:s
    AccountDomain:s AccountSid:s AccountObjectId:s AccountUpn:s DeviceId:s DeviceName:s LocalIP:s
    NetworkMessageId:s EmailSubject:s ApplicationId:i Application:s ProcessCommandLine:s AdditionalFields:d
    RegistryKey:s RegistryValueName:s RegistryValueData:s OAuthApplicationId:s Severity:s`),
  NetworkSession:
    columns(`TimeGenerated:t TenantId:s Type:s _ResourceId:s EventCount:i EventStartTime:t EventEndTime:t EventType:s
    EventSubType:s EventResult:s EventResultDetails:s EventOriginalResultDetails:s EventSeverity:s
    EventOriginalSeverity:s EventProduct:s EventProductVersion:s EventVendor:s EventSchema:s EventSchemaVersion:s
    EventReportUrl:s Dvc:s DvcIpAddr:s DvcHostname:s DvcDomain:s DvcDomainType:s DvcFQDN:s DvcId:s DvcIdType:s
    DvcAction:s DvcOriginalAction:s DvcInterface:s DvcInboundInterface:s DvcOutboundInterface:s
    DvcMacAddr:s DvcZone:s DvcOs:s DvcOsVersion:s AdditionalFields:d NetworkApplicationProtocol:s
    NetworkProtocol:s NetworkProtocolVersion:s NetworkDirection:s NetworkDuration:i NetworkIcmpCode:i
    NetworkIcmpType:s NetworkPackets:l NetworkBytes:l NetworkSessionId:s NetworkRuleName:s NetworkRuleNumber:i
    Rule:s ThreatId:s ThreatName:s ThreatCategory:s ThreatRiskLevel:i ThreatOriginalRiskLevel:s
    DstIpAddr:s DstPortNumber:i DstHostname:s DstDomain:s DstDomainType:s DstFQDN:s DstDeviceType:s
    DstMacAddr:s DstZone:s DstInterfaceName:s DstInterfaceGuid:s DstNatIpAddr:s DstNatPortNumber:i
    DstBytes:l DstPackets:l DstGeoCountry:s DstGeoRegion:s DstGeoCity:s DstGeoLatitude:r DstGeoLongitude:r
    DstUserId:s DstUsername:s DstUserType:s DstAppName:s DstAppId:s DstAppType:s DstVlanId:s
    SrcIpAddr:s SrcPortNumber:i SrcHostname:s SrcDomain:s SrcDomainType:s SrcFQDN:s SrcDeviceType:s
    SrcMacAddr:s SrcZone:s SrcInterfaceName:s SrcInterfaceGuid:s SrcNatIpAddr:s SrcNatPortNumber:i
    SrcBytes:l SrcPackets:l SrcGeoCountry:s SrcGeoRegion:s SrcGeoCity:s SrcGeoLatitude:r SrcGeoLongitude:r
    SrcUserId:s SrcUsername:s SrcUserType:s SrcAppName:s SrcAppId:s SrcAppType:s SrcVlanId:s
    IpAddr:s Src:s Dst:s Hostname:s User:s Duration:i SessionId:s Process:s SourceTable:s Label:s
    DetailedLabel:s`),
  ASimWebSessionLogs: columns(`TimeGenerated:t TenantId:s Type:s _ResourceId:s EventCount:i EventStartTime:t
    EventEndTime:t EventType:s EventResult:s EventResultDetails:s EventOriginalResultDetails:s EventSeverity:s
    EventProduct:s EventProductVersion:s EventVendor:s EventSchema:s EventSchemaVersion:s Dvc:s DvcIpAddr:s
    DvcHostname:s DvcDomain:s DvcId:s DvcAction:s Url:s UrlCategory:s UrlOriginal:s HttpVersion:s
    HttpRequestMethod:s HttpStatusCode:s HttpContentType:s HttpContentFormat:s HttpReferrer:s HttpUserAgent:s
    HttpRequestXff:s HttpRequestTime:i HttpResponseTime:i HttpHost:s FileName:s FileMD5:s FileSHA1:s
    FileSHA256:s FileSize:l FileContentType:s SrcIpAddr:s SrcPortNumber:i SrcHostname:s SrcDomain:s
    SrcUsername:s SrcUserId:s SrcUserType:s SrcBytes:l SrcPackets:l SrcGeoCountry:s SrcNatIpAddr:s
    DstIpAddr:s DstPortNumber:i DstHostname:s DstDomain:s DstBytes:l DstPackets:l DstGeoCountry:s
    DstNatIpAddr:s NetworkApplicationProtocol:s NetworkProtocol:s NetworkSessionId:s NetworkDuration:i
    NetworkDirection:s NetworkRuleName:s ThreatName:s ThreatCategory:s ThreatRiskLevel:i ThreatId:s RuleName:s
    User:s IpAddr:s Src:s Dst:s Hostname:s UserAgent:s Duration:i SessionId:s AdditionalFields:d`),
  ASimDnsActivityLogs:
    columns(`TimeGenerated:t TenantId:s Type:s _ResourceId:s ResponseName:s Query:s QueryTypeName:s ResponseCodeName:s EventCount:i EventStartTime:t EventEndTime:t EventType:s
    EventSubType:s EventResult:s EventResultDetails:s EventOriginalType:s EventProduct:s EventVendor:s
    EventSchema:s EventSchemaVersion:s Dvc:s DvcIpAddr:s DvcHostname:s DvcDomain:s DvcId:s DvcAction:s
    SrcIpAddr:s SrcPortNumber:i SrcHostname:s SrcDomain:s SrcUsername:s SrcUserId:s SrcProcessName:s
    SrcProcessId:s DstIpAddr:s DstPortNumber:i DstHostname:s DnsQuery:s DnsQueryType:i DnsQueryTypeName:s
    DnsResponseCode:i DnsResponseCodeName:s DnsResponseName:s DnsFlags:s DnsNetworkDuration:i
    DnsSessionId:s NetworkProtocol:s TransactionIdHex:s Domain:s IpAddr:s Src:s Dst:s Hostname:s User:s
    UrlCategory:s ThreatCategory:s ThreatRiskLevel:i AdditionalFields:d`),
};
