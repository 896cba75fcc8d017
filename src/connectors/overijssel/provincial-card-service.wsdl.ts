import { CARD_SERVICE_NS } from '../../mapping/overijssel/card-service.contract';
import { escapeXml } from '../../mapping/overijssel/xml-writer';

/** The services of the WSDL, each with the port that binds it. */
const SERVICES = {
  ProvincialCardService: { port: 'ProvincialCardPort', binding: 'ProvincialCardBinding' },
  LibraryMemberService: { port: 'LibraryMemberPort', binding: 'LibraryMemberBinding' },
} as const;

export type CardServiceName = keyof typeof SERVICES;

/**
 * Where each service is reached: a URL, or for the soap package's server only the path it answers on.
 * A service without an address is left out of the text: a WSDL names no address it does not know.
 */
export type CardServiceLocations = Readonly<Partial<Record<CardServiceName, string>>>;

function serviceElements(locations: CardServiceLocations): string {
  return (Object.keys(SERVICES) as CardServiceName[])
    .filter((name) => locations[name] !== undefined)
    .map((name) => {
      const { port, binding } = SERVICES[name];
      return (
        `  <wsdl:service name="${name}">\n    <wsdl:port name="${port}" binding="tns:${binding}">\n` +
        `      <soap:address location="${escapeXml(locations[name] ?? '')}"/>\n    </wsdl:port>\n  </wsdl:service>\n`
      );
    })
    .join('');
}

/**
 * The provincial card service of the Overijssel libraries, as a WSDL 1.1 (SOAP 1.1, document/literal).
 * TypeScript rather than a .wsdl file, so the same text is found from src (ts-node, jest) and
 * from dist (the build copies no data files). The gateway serves it at `/soap/overijssel?wsdl` with its
 * own service only (LibraryMemberService, at its public address); the sandbox serves ProvincialCardService.
 *
 * Two services share one schema:
 * - ProvincialCardService, at the province: RegisterMember, DeregisterMember and UpdateMemberStatus,
 *   which the gateway calls (HTTP Basic authentication of the library);
 * - LibraryMemberService, at every library: MemberLookup, which the province and the other libraries
 *   call (WS-Security UsernameToken, PasswordText, per calling library).
 *
 * Every element of a MemberRecord except the card number is optional: a record carries what the
 * `overijssel` sharing policy releases for the purpose, nothing else.
 *
 * `locations` says which services the text names and where each is reached.
 */
export function cardServiceWsdl(locations: CardServiceLocations): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions name="ProvincialCardService"
  targetNamespace="${CARD_SERVICE_NS}"
  xmlns:tns="${CARD_SERVICE_NS}"
  xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <wsdl:documentation>Provinciale bibliotheekpas Overijssel: inschrijving bij de provinciale passendienst en MemberLookup aan de balie van elke Overijsselse bibliotheek.</wsdl:documentation>
  <wsdl:types>
    <xsd:schema targetNamespace="${CARD_SERVICE_NS}" elementFormDefault="qualified">
      <xsd:simpleType name="CardNumber">
        <xsd:restriction base="xsd:string"><xsd:pattern value="[0-9A-Za-z]{4,32}"/></xsd:restriction>
      </xsd:simpleType>
      <xsd:simpleType name="AgeBand">
        <xsd:restriction base="xsd:string">
          <xsd:enumeration value="0-11"/><xsd:enumeration value="12-17"/><xsd:enumeration value="18-24"/>
          <xsd:enumeration value="25-44"/><xsd:enumeration value="45-64"/><xsd:enumeration value="65+"/>
        </xsd:restriction>
      </xsd:simpleType>
      <xsd:simpleType name="MembershipStatus">
        <xsd:restriction base="xsd:string">
          <xsd:enumeration value="active"/><xsd:enumeration value="blocked"/><xsd:enumeration value="cancelled"/>
        </xsd:restriction>
      </xsd:simpleType>
      <xsd:simpleType name="AddressKind">
        <xsd:restriction base="xsd:string"><xsd:enumeration value="home"/><xsd:enumeration value="postal"/></xsd:restriction>
      </xsd:simpleType>
      <xsd:complexType name="PersonName">
        <xsd:sequence>
          <xsd:element name="Initials" type="xsd:string" minOccurs="0"/>
          <xsd:element name="Prefix" type="xsd:string" minOccurs="0"/>
          <xsd:element name="LastName" type="xsd:string" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="Address">
        <xsd:sequence>
          <xsd:element name="Kind" type="tns:AddressKind" minOccurs="0"/>
          <xsd:element name="Street" type="xsd:string" minOccurs="0"/>
          <xsd:element name="HouseNumber" type="xsd:string" minOccurs="0"/>
          <xsd:element name="HouseNumberSuffix" type="xsd:string" minOccurs="0"/>
          <xsd:element name="PostalCode" type="xsd:string" minOccurs="0"/>
          <xsd:element name="City" type="xsd:string" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="Membership">
        <xsd:sequence>
          <xsd:element name="Subscription" type="xsd:string" minOccurs="0"/>
          <xsd:element name="Status" type="tns:MembershipStatus" minOccurs="0"/>
          <xsd:element name="ValidUntil" type="xsd:date" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="MemberRecord">
        <xsd:sequence>
          <xsd:element name="Reference" type="xsd:string" minOccurs="0"/>
          <xsd:element name="CardNumber" type="tns:CardNumber"/>
          <xsd:element name="HomeLibrary" type="xsd:string" minOccurs="0"/>
          <xsd:element name="Name" type="tns:PersonName" minOccurs="0"/>
          <xsd:element name="AgeBand" type="tns:AgeBand" minOccurs="0"/>
          <xsd:element name="Email" type="xsd:string" minOccurs="0"/>
          <xsd:element name="Address" type="tns:Address" minOccurs="0" maxOccurs="5"/>
          <xsd:element name="Membership" type="tns:Membership" minOccurs="0"/>
        </xsd:sequence>
      </xsd:complexType>
      <xsd:complexType name="Acknowledgement">
        <xsd:sequence><xsd:element name="ProvincialReference" type="xsd:string"/></xsd:sequence>
      </xsd:complexType>
      <xsd:element name="RegisterMember">
        <xsd:complexType><xsd:sequence><xsd:element name="Member" type="tns:MemberRecord"/></xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="RegisterMemberResponse" type="tns:Acknowledgement"/>
      <xsd:element name="DeregisterMember">
        <xsd:complexType><xsd:sequence><xsd:element name="Member" type="tns:MemberRecord"/></xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="DeregisterMemberResponse" type="tns:Acknowledgement"/>
      <xsd:element name="UpdateMemberStatus">
        <xsd:complexType><xsd:sequence><xsd:element name="Member" type="tns:MemberRecord"/></xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="UpdateMemberStatusResponse" type="tns:Acknowledgement"/>
      <xsd:element name="MemberLookup">
        <xsd:complexType><xsd:sequence><xsd:element name="CardNumber" type="tns:CardNumber"/></xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="MemberLookupResponse">
        <xsd:complexType><xsd:sequence><xsd:element name="Member" type="tns:MemberRecord"/></xsd:sequence></xsd:complexType>
      </xsd:element>
      <xsd:element name="ServiceFault">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="Code" type="xsd:string"/>
            <xsd:element name="Message" type="xsd:string"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
    </xsd:schema>
  </wsdl:types>
  <wsdl:message name="RegisterMemberInput"><wsdl:part name="parameters" element="tns:RegisterMember"/></wsdl:message>
  <wsdl:message name="RegisterMemberOutput"><wsdl:part name="parameters" element="tns:RegisterMemberResponse"/></wsdl:message>
  <wsdl:message name="DeregisterMemberInput"><wsdl:part name="parameters" element="tns:DeregisterMember"/></wsdl:message>
  <wsdl:message name="DeregisterMemberOutput"><wsdl:part name="parameters" element="tns:DeregisterMemberResponse"/></wsdl:message>
  <wsdl:message name="UpdateMemberStatusInput"><wsdl:part name="parameters" element="tns:UpdateMemberStatus"/></wsdl:message>
  <wsdl:message name="UpdateMemberStatusOutput"><wsdl:part name="parameters" element="tns:UpdateMemberStatusResponse"/></wsdl:message>
  <wsdl:message name="MemberLookupInput"><wsdl:part name="parameters" element="tns:MemberLookup"/></wsdl:message>
  <wsdl:message name="MemberLookupOutput"><wsdl:part name="parameters" element="tns:MemberLookupResponse"/></wsdl:message>
  <wsdl:message name="ServiceFaultMessage"><wsdl:part name="fault" element="tns:ServiceFault"/></wsdl:message>
  <wsdl:portType name="ProvincialCardPort">
    <wsdl:operation name="RegisterMember">
      <wsdl:input message="tns:RegisterMemberInput"/><wsdl:output message="tns:RegisterMemberOutput"/>
      <wsdl:fault name="ServiceFault" message="tns:ServiceFaultMessage"/>
    </wsdl:operation>
    <wsdl:operation name="DeregisterMember">
      <wsdl:input message="tns:DeregisterMemberInput"/><wsdl:output message="tns:DeregisterMemberOutput"/>
      <wsdl:fault name="ServiceFault" message="tns:ServiceFaultMessage"/>
    </wsdl:operation>
    <wsdl:operation name="UpdateMemberStatus">
      <wsdl:input message="tns:UpdateMemberStatusInput"/><wsdl:output message="tns:UpdateMemberStatusOutput"/>
      <wsdl:fault name="ServiceFault" message="tns:ServiceFaultMessage"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:portType name="LibraryMemberPort">
    <wsdl:operation name="MemberLookup">
      <wsdl:input message="tns:MemberLookupInput"/><wsdl:output message="tns:MemberLookupOutput"/>
      <wsdl:fault name="ServiceFault" message="tns:ServiceFaultMessage"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="ProvincialCardBinding" type="tns:ProvincialCardPort">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="RegisterMember">
      <soap:operation soapAction="${CARD_SERVICE_NS}#RegisterMember" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="ServiceFault"><soap:fault name="ServiceFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="DeregisterMember">
      <soap:operation soapAction="${CARD_SERVICE_NS}#DeregisterMember" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="ServiceFault"><soap:fault name="ServiceFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="UpdateMemberStatus">
      <soap:operation soapAction="${CARD_SERVICE_NS}#UpdateMemberStatus" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="ServiceFault"><soap:fault name="ServiceFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="LibraryMemberBinding" type="tns:LibraryMemberPort">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="MemberLookup">
      <soap:operation soapAction="${CARD_SERVICE_NS}#MemberLookup" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="ServiceFault"><soap:fault name="ServiceFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
  </wsdl:binding>
${serviceElements(locations)}</wsdl:definitions>
`;
}
