import HeadroomTestSupport
import AWSClient
import Foundation
import Testing

@Suite("Query encoding and the XML tree")
struct QueryAndXMLTests {
    @Test func formBodyEncodesEverythingButUnreservedCharacters() {
        var parameters = QueryParameters()
        parameters.add("RoleSessionName", "a b+c/d=e&f~g_h.i-j")
        parameters.add("Unicode", "é")
        #expect(
            parameters.formBody(action: "AssumeRole", version: "2011-06-15")
                == "Action=AssumeRole&Version=2011-06-15&RoleSessionName=a%20b%2Bc%2Fd%3De%26f~g_h.i-j&Unicode=%C3%A9"
        )
    }

    @Test func listsAreFlattenedWithMemberIndexesAndEmptyListsAreExplicit() {
        var parameters = QueryParameters()
        parameters.addList("AutoScalingGroupNames", ["a", "b"])
        parameters.addList("Empty", [])
        parameters.add("MaxRecords", 50)
        parameters.add("Missing", nil as Int?)
        parameters.add("Flag", false)
        #expect(
            parameters.formBody(action: "X", version: "1")
                == "Action=X&Version=1&AutoScalingGroupNames.member.1=a&AutoScalingGroupNames.member.2=b&Empty=&MaxRecords=50&Flag=false"
        )
    }

    @Test func xmlTreeReadsNestedElementsTextAndNamespaces() throws {
        let xml = """
            <?xml version="1.0"?>
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::123456789012:user/ci</Arn>
                <UserId>AIDAEXAMPLE</UserId>
                <Account>123456789012</Account>
                <Groups><member>a</member><member>b &amp; c</member></Groups>
                <Raw><![CDATA[<not xml>]]></Raw>
              </GetCallerIdentityResult>
              <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>
            """
        let root = try XMLTree.parse(Data(xml.utf8))
        #expect(root.name == "GetCallerIdentityResponse")
        #expect(root.text("GetCallerIdentityResult", "Arn") == "arn:aws:iam::123456789012:user/ci")
        #expect(root.element("GetCallerIdentityResult", "Groups")?.children("member").map(\.trimmedText) == ["a", "b & c"])
        #expect(root.text("GetCallerIdentityResult", "Raw") == "<not xml>")
        #expect(root.firstDescendant("RequestId")?.trimmedText == "req-1")
        #expect(root.text("Nope") == nil)
        #expect(root.attributes["xmlns"] == "https://sts.amazonaws.com/doc/2011-06-15/")
    }

    @Test func prefixedNamesAreReducedToLocalNames() throws {
        let root = try XMLTree.parse(Data("<a:Root xmlns:a=\"urn:x\"><a:Child>v</a:Child></a:Root>".utf8))
        #expect(root.name == "Root")
        #expect(root.text("Child") == "v")
    }

    @Test func malformedXMLIsAnErrorWithAPosition() {
        let error = #expect(throws: XMLTree.ParseError.self) {
            try XMLTree.parse(Data("<a><b></a>".utf8))
        }
        #expect(error?.line == 1)
        #expect(error?.description.contains("line 1") == true)
    }
}
